/**
 * The redirect surface: the whole tab goes to the pay page, the last
 * resort when the page may not be framed and the popup was blocked.
 * Until the tab leaves, the modal window shows what is happening. The
 * checkout is saved first, so that an element on the return page can
 * confirm it and fire the outcome there.
 */
import type { ModalSurface } from './modal-surface.ts';
import type { Surface, SurfaceListener } from './surface.ts';

/**
 * How the tab leaves. Replaceable so that tests can watch the departure
 * without the test page itself navigating away.
 */
export const tabNavigation = {
  assign(url: string): void {
    window.location.assign(url);
  },
};

export class RedirectSurface implements Surface {
  readonly mode = 'redirect';

  constructor(
    private readonly modal: ModalSurface,
    private readonly beforeLeaving: () => void,
    private readonly leavingText: string,
  ) {}

  get isOpen(): boolean {
    return this.modal.isOpen;
  }

  start(listener: SurfaceListener): void {
    if (!this.modal.isOpen) this.modal.start(listener);
  }

  show(payLink: URL): void {
    this.beforeLeaving();
    this.modal.wait(this.leavingText);
    tabNavigation.assign(payLink.href);
  }

  fail(message: string): void {
    this.modal.fail(message);
  }

  dispose(): boolean {
    return this.modal.dispose();
  }
}
