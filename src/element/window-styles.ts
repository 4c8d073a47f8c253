import { css } from 'lit';

/**
 * The payment window's styles, loaded with the payment flow and adopted
 * into the element's shadow root beside the button's (see
 * `button-styles.ts` for the theming and CSP rules both follow).
 */
export const windowStyles = css`
  dialog {
    box-sizing: border-box;
    width: var(--ecartpay-dialog-width, min(480px, 100vw - 2rem));
    height: var(--ecartpay-dialog-height, min(720px, 100dvh - 2rem));
    max-width: 100vw;
    max-height: 100dvh;
    padding: 0;
    border: 0;
    border-radius: var(--_radius);
    background: var(--ecartpay-dialog-background, #ffffff);
    color: var(--ecartpay-dialog-color, #1a1a1a);
    font-family: var(--_font);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.3);
    overflow: hidden;
  }

  dialog[open] {
    animation: ecartpay-enter 160ms ease-out;
  }

  dialog::backdrop {
    background: var(--ecartpay-backdrop-color, rgb(0 0 0 / 0.5));
  }

  .panel {
    display: flex;
    flex-direction: column;
    height: 100%;
  }

  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    padding: 0.5rem 0.5rem 0.5rem 1rem;
    border-bottom: 1px solid var(--ecartpay-divider-color, #e3e3e3);
  }

  .title {
    margin: 0;
    font-size: 1rem;
  }

  .close {
    display: grid;
    place-items: center;
    width: 44px;
    height: 44px;
    padding: 0;
    border: 0;
    border-radius: var(--_radius);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }

  .close:focus-visible {
    outline: 3px solid var(--ecartpay-focus-ring-color, #0b2f8a);
  }

  .close svg {
    width: 16px;
    height: 16px;
    stroke: currentColor;
    stroke-width: 2;
  }

  .body {
    position: relative;
    flex: 1;
    display: flex;
    flex-direction: column;
  }

  /* The live region stays in the tree so that its next text is read out;
     idle, it takes no room. (Lit's whitespace defeats :empty.) */
  .status.idle {
    margin: 0;
  }

  .status,
  .message,
  .fallback {
    margin: 1.5rem 1rem;
    text-align: center;
  }

  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-inline-end: 0.5em;
    vertical-align: -0.15em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: ecartpay-spin 800ms linear infinite;
  }

  .new-window {
    margin: 0;
    padding: 0.5rem 1rem;
    border-top: 1px solid var(--ecartpay-divider-color, #e3e3e3);
    font-size: 0.875rem;
    text-align: center;
  }

  .link {
    padding: 0.25rem;
    border: 0;
    background: none;
    color: var(--_accent);
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }

  .link:focus-visible {
    outline: 3px solid var(--ecartpay-focus-ring-color, #0b2f8a);
  }

  .frame {
    flex: 1;
    width: 100%;
    border: 0;
    background: var(--ecartpay-frame-background, #ffffff);
  }

  .frame.loading {
    opacity: 0;
  }

  @media (max-width: 600px) {
    dialog {
      width: 100vw;
      height: 100dvh;
      border-radius: 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    dialog[open],
    .spinner {
      animation: none;
    }
  }

  /*
   * Movement only: fading the window in would leave its text briefly
   * low in contrast, which an accessibility check can catch mid-way.
   */
  @keyframes ecartpay-enter {
    from {
      transform: translateY(12px);
    }
  }

  @keyframes ecartpay-spin {
    to {
      transform: rotate(360deg);
    }
  }
`;
