/**
 * The popup surface: the pay page in a window of its own, for pay pages
 * that refuse to be framed. The window is opened at once, inside the
 * customer's click (later, the browser's popup blocker would refuse it),
 * shows a waiting text, then goes to the pay page. Its address is polled:
 * while it is on Ecart Pay it cannot be read; once it can, and is on the
 * host page's origin, the customer is back on the merchant's return page.
 */
import type { Messages } from './i18n.ts';
import type { Surface, SurfaceListener } from './surface.ts';

/** How often the window's address and `closed` are looked at. */
const POLL_INTERVAL_MS = 300;

const WIDTH = 480;
const HEIGHT = 720;

export class PopupSurface implements Surface {
  readonly mode = 'popup';

  private popup: Window | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private listener: SurfaceListener | null = null;

  constructor(private readonly texts: () => Messages) {}

  get isOpen(): boolean {
    return this.popup !== null;
  }

  start(listener: SurfaceListener): void {
    this.listener = listener;
    this.popup = openCenteredWindow();
    if (!this.popup) return;

    // The pay page has no business with the shop's window: cut `opener`
    // while the new window is still ours (about:blank, same origin).
    this.popup.opener = null;
    this.write(this.texts().creatingOrder);
    this.timer = setInterval(this.poll, POLL_INTERVAL_MS);
  }

  show(payLink: URL): void {
    if (!this.popup) {
      this.listener?.refused();
      return;
    }
    this.popup.location.replace(payLink.href);
    this.popup.focus();
  }

  fail(message: string): void {
    this.write(message);
  }

  dispose(): boolean {
    clearInterval(this.timer);
    this.timer = undefined;
    this.listener = null;
    const popup = this.popup;
    this.popup = null;
    if (!popup) return false;
    if (!popup.closed) popup.close();
    return true;
  }

  /** Brings the window back in front, e.g. from a button on the page. */
  focus(): void {
    this.popup?.focus();
  }

  /** Writes a text into the window while it is still our blank page. */
  private write(text: string): void {
    try {
      const doc = this.popup?.document;
      if (!doc?.body) return;
      doc.documentElement.lang = document.documentElement.lang;
      doc.title = this.texts().windowTitle;
      doc.body.textContent = text;
    } catch {
      // Already on the pay page: its origin is not ours to write to.
    }
  }

  private poll = () => {
    const popup = this.popup;
    if (!popup) return;

    if (popup.closed) {
      this.listener?.dismissed('popup-closed');
      return;
    }

    const returnPage = sameOriginLocation(popup);
    if (returnPage) this.listener?.returned(returnPage);
  };
}

/** The window's address when it is on our origin (not about:blank). */
function sameOriginLocation(popup: Window): URL | null {
  let href: string;
  try {
    href = popup.location.href;
  } catch {
    return null;
  }
  if (href === 'about:blank') return null;
  const url = new URL(href);
  return url.origin === window.location.origin ? url : null;
}

function openCenteredWindow(): Window | null {
  const left = Math.max(0, window.screenX + (window.outerWidth - WIDTH) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - HEIGHT) / 2);
  const features =
    `popup=yes,width=${WIDTH},height=${HEIGHT},` +
    `left=${Math.round(left)},top=${Math.round(top)}`;
  try {
    return window.open('about:blank', '_blank', features);
  } catch {
    return null;
  }
}
