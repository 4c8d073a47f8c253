import { css } from 'lit';

/**
 * The button's styles, the only ones a page pays for before the customer
 * shows interest; the window's come with the payment flow
 * (`window-styles.ts`). Everything is themeable through `--ecartpay-*`
 * custom properties and `::part()`s; no style attribute is ever written,
 * so a strict CSP without `unsafe-inline` is fine (Lit adopts these as
 * constructed style sheets).
 */
export const buttonStyles = css`
  :host {
    display: inline-block;
    --_accent: var(--ecartpay-accent-color, #1f4fd1);
    --_on-accent: var(--ecartpay-on-accent-color, #ffffff);
    --_radius: var(--ecartpay-border-radius, 8px);
    --_font: var(--ecartpay-font-family, inherit);
  }

  :host([hidden]) {
    display: none;
  }

  [part='button'] {
    font: inherit;
    font-family: var(--_font);
    font-weight: 600;
    min-height: 44px;
    padding: var(--ecartpay-button-padding, 0.625rem 1.25rem);
    border: 0;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
  }

  [part='button']:focus-visible {
    outline: 3px solid var(--ecartpay-focus-ring-color, #0b2f8a);
    outline-offset: 2px;
  }

  [part='button']:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
