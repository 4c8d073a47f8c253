/**
 * The modal surface: a native `<dialog>` opened with `showModal()`, so it
 * sits in the top layer, the page behind it is inert, and Esc arrives as
 * the dialog's `cancel` event. It frames the pay page and notices when
 * the frame reaches the merchant's return page.
 *
 * The frame is made before it is needed: a blank, hidden `<iframe>`
 * waits in the closed window, and the pay link navigates it. Making a
 * frame is the browser's slowest step between the order's answer and
 * the pay page's request (5 to 10 ms of main thread in Chromium, for
 * the frame and its first empty document), and a spare frame moves it
 * off the click's path to a quiet moment. A frame that showed a pay
 * page is never reused: the next checkout gets a new blank one, made
 * when the browser is next idle.
 */
import { html, nothing, type ReactiveController } from 'lit';
import type { ReactiveControllerHost } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { whenIdle } from './flow-loader.ts';
import type { Messages } from './i18n.ts';
import { RETURN_MESSAGE_TYPE } from './protocol.ts';
import { lockPageScroll } from './scroll-lock.ts';
import type { Surface, SurfaceListener } from './surface.ts';

/**
 * The strictest sandbox the pay page works in. Each token is needed:
 * - `allow-scripts`: the pay page is an application.
 * - `allow-same-origin`: the pay page keeps its real origin (its cookies,
 *   its API, 3-D Secure); and the merchant's return page, once the frame
 *   reaches it, has the host page's origin, which is how the element can
 *   read where the frame is. Together with `allow-scripts` a frame could
 *   lift its own sandbox, but only a same-origin one can reach the
 *   `<iframe>`: that is the merchant's own return page, never Ecart Pay's.
 * - `allow-forms`: the card form and the 3-D Secure challenge post forms.
 * - `allow-popups`: a bank's page or a cash voucher opens in a new window.
 * - `allow-top-navigation-by-user-activation`: the pay page may take the
 *   whole tab (e.g. a wallet that refuses frames), only on a click.
 * Left out: `allow-top-navigation` without a click, `allow-modals`,
 * `allow-downloads`, `allow-popups-to-escape-sandbox`.
 */
export const FRAME_SANDBOX = [
  'allow-forms',
  'allow-scripts',
  'allow-same-origin',
  'allow-popups',
  'allow-top-navigation-by-user-activation',
].join(' ');

/**
 * The spare frame's sandbox until it is given the pay link: the
 * strictest, as a blank page needs no rights. Its opaque origin also
 * makes it cross-origin to the shop's page, and Chromium throttles the
 * rendering of hidden cross-origin frames. The pay page's navigation
 * starts under FRAME_SANDBOX (see `sendFrame()`).
 */
const SPARE_SANDBOX = '';

/**
 * The pay page learns nothing of the host page's address: the order is
 * in its own URL, so it needs no referrer.
 */
export const FRAME_REFERRER_POLICY = 'no-referrer';

export type ModalHost = ReactiveControllerHost & HTMLElement;

type ModalState = 'closed' | 'loading' | 'framed' | 'message';

export class ModalSurface implements Surface, ReactiveController {
  readonly mode = 'modal';

  /**
   * Whether the framed page comes with a way out to a new window, for
   * pay pages that refuse to be framed (see `framing.ts`).
   */
  offerNewWindow = true;

  /**
   * Whether a blank frame waits in the closed window for the next pay
   * link. Off where the pay page is never framed (a `popup` or
   * `redirect` mode), so that such a page holds no frame at rest.
   */
  keepFrameReady = true;

  private state: ModalState = 'closed';
  private waitingText = '';
  private payLink: URL | null = null;
  private frameLoaded = false;

  /** A new number renders a new `<iframe>` in place of the old one. */
  private frameGeneration = 0;

  /** Whether the current `<iframe>` was navigated to a pay page. */
  private frameUsed = false;

  /** False from a used frame's retirement until the browser is idle. */
  private spareDue = true;

  private message = '';
  private listener: SurfaceListener | null = null;
  private releaseScroll: (() => void) | null = null;
  private returnFocusTo: HTMLElement | null = null;
  private pressedOnBackdrop = false;
  private closesRequested = 0;

  constructor(
    private readonly host: ModalHost,
    private readonly texts: () => Messages,
  ) {
    host.addController(this);
  }

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  /**
   * Looked up rather than kept in a `ref`: Lit empties refs when the
   * element leaves the document, and the dialog must still be closed
   * then.
   */
  private get dialog(): HTMLDialogElement | null {
    return this.host.shadowRoot?.querySelector('dialog') ?? null;
  }

  private get frame(): HTMLIFrameElement | null {
    return this.host.shadowRoot?.querySelector('iframe') ?? null;
  }

  hostConnected(): void {}

  start(listener: SurfaceListener): void {
    this.listener = listener;
    this.state = 'loading';
    this.waitingText = '';
    this.returnFocusTo = deepActiveElement();
    window.addEventListener('message', this.handleMessage);
    this.host.requestUpdate();
    void this.showDialog();
  }

  show(payLink: URL): void {
    if (this.state === 'closed') return;
    this.state = 'framed';
    this.payLink = payLink;
    this.frameLoaded = false;
    this.frameUsed = true;
    this.navigateFrame();
    this.host.requestUpdate();
  }

  /**
   * Sends the spare frame to the pay link while the window still shows
   * its waiting text, so that the pay page's request need not wait for
   * the rest of the answer to be checked; `show()` with the same link
   * then only reveals it, and anything else drops the frame. Without a
   * spare this does nothing, and `show()` makes the frame.
   */
  loadAhead(payLink: URL): void {
    const frame = this.frame;
    if (this.state !== 'loading' || !frame || this.frameUsed) return;
    this.frameUsed = true;
    sendFrame(frame, payLink);
  }

  /** A frame this update made, when no spare was ready, gets its page. */
  hostUpdated(): void {
    this.navigateFrame();
  }

  /**
   * Shows the window again after the element was moved: leaving the
   * document took the dialog out of the top layer and unloaded the
   * frame, which reloads the pay page from its link.
   */
  reattach(): void {
    if (this.state === 'closed') return;
    this.frameLoaded = false;
    this.closeDialog();
    this.host.requestUpdate();
    void this.showDialog();
  }

  /** Shows a waiting text in place of the page (e.g. before a redirect). */
  wait(text: string): void {
    if (this.state === 'closed') return;
    this.state = 'loading';
    this.waitingText = text;
    this.payLink = null;
    this.retireFrame();
    this.host.requestUpdate();
  }

  fail(message: string): void {
    if (this.state === 'closed') return;
    this.state = 'message';
    this.message = message;
    this.payLink = null;
    this.retireFrame();
    this.host.requestUpdate();
  }

  dispose(): boolean {
    if (this.state === 'closed') return false;

    this.state = 'closed';
    this.payLink = null;
    this.retireFrame();
    this.listener = null;
    window.removeEventListener('message', this.handleMessage);
    this.closeDialog();
    this.releaseScroll?.();
    this.releaseScroll = null;
    this.restoreFocus();
    this.host.requestUpdate();
    return true;
  }

  render() {
    // The texts once per render: finding the language walks the tree.
    const m = this.texts();
    const status = this.statusText(m);
    return html`
      <dialog
        part="dialog"
        aria-labelledby="title"
        @cancel=${this.handleCancel}
        @close=${this.handleDialogClose}
        @pointerdown=${this.handlePointerDown}
        @click=${this.handleDialogClick}
      >
        <div part="panel" class="panel">
          <header part="header" class="header">
            <h2 id="title" part="title" class="title">${m.windowTitle}</h2>
            <button
              part="close-button"
              class="close"
              type="button"
              aria-label=${m.close}
              @click=${this.handleCloseButton}
            >
              <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M3 3l10 10M13 3L3 13" />
              </svg>
            </button>
          </header>
          <div part="body" class="body" aria-busy=${status ? 'true' : 'false'}>
            <p
              part="status"
              class=${status ? 'status' : 'status idle'}
              role="status"
            >
              ${status
                ? html`<span part="spinner" class="spinner"></span>${status}`
                : nothing}
            </p>
            ${this.state === 'message'
              ? html`<p part="message" class="message" role="alert">
                  ${this.message}
                </p>`
              : nothing}
            ${this.renderFrame(m)}
          </div>
          ${this.renderNewWindowOffer(m)}
        </div>
      </dialog>
    `;
  }

  /**
   * The pay page's frame, or the spare one waiting for it: hidden, with
   * no `src`, no `part` and no rights, so that neither the customer, a
   * screen reader nor the shop's styles meet it. `loadAhead()` or
   * `navigateFrame()` gives it the pay link.
   */
  private renderFrame(m: Messages) {
    const payLink = this.state === 'framed' ? this.payLink : null;
    const spare = !payLink && this.keepFrameReady && this.spareDue;
    if (!payLink && !spare) return nothing;

    const loading = payLink && !this.frameLoaded;
    return keyed(
      this.frameGeneration,
      html`<iframe
        part=${payLink ? 'frame' : nothing}
        class=${loading ? 'frame loading' : 'frame'}
        ?hidden=${!payLink}
        title=${m.frameTitle}
        allow="payment"
        sandbox=${this.frameUsed ? FRAME_SANDBOX : SPARE_SANDBOX}
        referrerpolicy=${FRAME_REFERRER_POLICY}
        @load=${this.handleFrameLoad}
      ></iframe>`,
    );
  }

  /**
   * Sends the frame to the pay link, at once rather than in the next
   * render, so that the request leaves before the window's texts and the
   * `ecartpay-open` listeners run. The template binds no `src`: setting
   * it again, even to the same address, would load the pay page twice.
   */
  private navigateFrame(): void {
    const frame = this.frame;
    if (this.state !== 'framed' || !this.payLink || !frame) return;
    if (frame.getAttribute('src') !== this.payLink.href) {
      sendFrame(frame, this.payLink);
    }
  }

  /**
   * Drops a frame that showed a pay page (its page and history belong
   * to that checkout) and asks for a new spare when the browser is idle,
   * not now: making it now would delay the window's closing.
   */
  private retireFrame(): void {
    if (!this.frameUsed) return;
    this.frameUsed = false;
    this.frameGeneration++;
    this.spareDue = false;
    whenIdle(this.restoreSpare);
  }

  private restoreSpare = () => {
    if (this.spareDue) return;
    this.spareDue = true;
    if (this.host.isConnected) this.host.requestUpdate();
  };

  /**
   * A way out that is never wrong: a page that refuses to be framed
   * cannot be told apart from one that works (see `framing.ts`), so the
   * customer can always continue in a new window, from a click that lets
   * the browser open it.
   */
  private renderNewWindowOffer(m: Messages) {
    if (this.state !== 'framed' || !this.offerNewWindow) return nothing;
    return html`<p part="new-window" class="new-window">
      ${m.continueHint}
      <button
        part="new-window-button"
        class="link"
        type="button"
        @click=${this.handleNewWindow}
      >
        ${m.continueInNewWindow}
      </button>
    </p>`;
  }

  private handleNewWindow = () => {
    this.listener?.refused();
  };

  private statusText(m: Messages): string {
    if (this.state === 'loading') return this.waitingText || m.creatingOrder;
    if (this.state === 'framed' && !this.frameLoaded) return m.loadingPayPage;
    return '';
  }

  private async showDialog(): Promise<void> {
    await this.host.updateComplete;
    const dialog = this.dialog;
    if (this.state === 'closed' || !dialog || dialog.open) return;
    if (!dialog.isConnected) return;

    // Here rather than in start(): measuring the scrollbar forces a
    // layout, which would otherwise delay the click's order request.
    this.releaseScroll ??= lockPageScroll();
    dialog.showModal();
  }

  /**
   * Where the frame is, when it is on the host page's own origin: only
   * then can it be read, and only the merchant's return page is there.
   */
  private frameLocation(): URL | null {
    let href: string | undefined;
    try {
      href = this.frame?.contentWindow?.location.href;
    } catch {
      return null;
    }
    if (!href || href === 'about:blank') return null;
    const url = new URL(href);
    return url.origin === window.location.origin ? url : null;
  }

  /**
   * The spare frame's first empty document fires a `load` as soon as
   * the frame is made; only a load after the pay link was given counts.
   */
  private handleFrameLoad = (event: Event) => {
    const frame = event.currentTarget as HTMLIFrameElement;
    if (this.state !== 'framed' || !frame.hasAttribute('src')) return;
    this.frameLoaded = true;
    this.host.requestUpdate();

    const returnPage = this.frameLocation();
    if (returnPage) this.listener?.returned(returnPage);
  };

  private handleMessage = (event: MessageEvent) => {
    const frame = this.frame?.contentWindow;
    if (!frame || event.source !== frame) return;
    if (event.origin !== window.location.origin) return;
    if (event.data?.type !== RETURN_MESSAGE_TYPE) return;

    const returnPage = this.frameLocation();
    if (returnPage) this.listener?.returned(returnPage);
  };

  /**
   * Esc. Chromium (120 and later) lets a page cancel Esc only after a
   * user activation, the HTML standard's close-watcher rule
   * (https://html.spec.whatwg.org/#close-requests-and-close-watchers):
   * measured here, a window opened from code with no click, or a second
   * Esc, brings a `cancel` that is not cancelable, and the dialog closes
   * whatever the page does. The request is passed on as such.
   */
  private handleCancel = (event: Event) => {
    if (event.cancelable) event.preventDefault();
    this.listener?.requestClose('escape', event.cancelable);
  };

  /**
   * `close` arrives a task after `dialog.close()`; by then a new checkout
   * may have reopened the window, so a close the surface asked for
   * itself is skipped rather than read as the customer's.
   */
  private handleDialogClose = () => {
    if (this.closesRequested > 0) {
      this.closesRequested--;
      return;
    }
    if (this.state !== 'closed') this.listener?.dismissed('escape');
  };

  private closeDialog(): void {
    const dialog = this.dialog;
    if (!dialog?.open) return;
    this.closesRequested++;
    dialog.close();
  }

  private handleCloseButton = () => {
    this.listener?.requestClose('close-button');
  };

  /**
   * The dialog fills its box with the panel, so a press whose target is
   * the dialog itself landed on the backdrop. Both press and release must
   * be there, so that selecting text and letting go outside does not
   * close the window.
   */
  private handlePointerDown = (event: PointerEvent) => {
    this.pressedOnBackdrop = event.target === this.dialog;
  };

  private handleDialogClick = (event: MouseEvent) => {
    const onBackdrop = event.target === this.dialog;
    if (onBackdrop && this.pressedOnBackdrop) {
      this.listener?.requestClose('backdrop');
    }
    this.pressedOnBackdrop = false;
  };

  private restoreFocus(): void {
    const target = this.returnFocusTo;
    this.returnFocusTo = null;
    if (target?.isConnected) target.focus();
    else if (this.host.isConnected) this.host.focus();
  }
}

/**
 * Navigates `frame` to the pay page under the pay page's sandbox: the
 * flags in force when a navigation starts are the ones its document
 * gets.
 */
function sendFrame(frame: HTMLIFrameElement, payLink: URL): void {
  frame.setAttribute('sandbox', FRAME_SANDBOX);
  frame.src = payLink.href;
}

function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  return active instanceof HTMLElement ? active : null;
}
