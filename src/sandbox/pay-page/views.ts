import type { EcartPayOrder } from '../../shared/ecartpay.ts';
import { formatMoney } from '../money.ts';
import type { CardField, CardForm } from './cards.ts';
import { html, type SafeHtml } from './html.ts';
import {
  LOCALES,
  MESSAGES,
  type Language,
  type Messages,
  type SettledStatus,
} from './messages.ts';

/** What every view needs: the order, the language, the page's links. */
export interface ViewContext {
  order: EcartPayOrder;
  lang: Language;
  /** Adds `lang` to a sandbox path when the URL chose the language. */
  link: (path: string) => string;
  /** The hidden field that keeps an explicit language across posts. */
  langField: SafeHtml;
}

export interface CardViewState {
  /** Values to show again after an error (never the CVC). */
  values?: Partial<CardForm>;
  fieldErrors?: Partial<Record<CardField, string>>;
  /** A message about the whole attempt (declined, 3-D Secure failed). */
  alert?: string;
}

export function cardPage(context: ViewContext, state: CardViewState): string {
  const t = MESSAGES[context.lang];
  return layout(context, t.title, html`
    ${summary(context)}
    <section class="panel payment" aria-labelledby="payment-heading">
      <h2 id="payment-heading" class="visually-hidden">${t.methodsLabel}</h2>
      ${methodTabs(context, 'card')}
      ${cardForm(context, state)}
      ${testCardHint(t)}
    </section>
  `);
}

export function cashChoicePage(context: ViewContext): string {
  const t = MESSAGES[context.lang];
  return layout(context, t.title, html`
    ${summary(context)}
    <section class="panel payment" aria-labelledby="payment-heading">
      <h2 id="payment-heading" class="visually-hidden">${t.methodsLabel}</h2>
      ${methodTabs(context, 'cash')}
      <form method="post" action="${context.link(payPath(context))}">
        ${context.langField}
        <input type="hidden" name="method" value="cash">
        <h3>${t.cashHeading}</h3>
        <p>${t.cashIntro}</p>
        <button type="submit" class="button">${t.cashButton}</button>
      </form>
    </section>
  `);
}

export function cashReferencePage(
  context: ViewContext,
  reference: string,
  returnUrl: string | undefined,
): string {
  const t = MESSAGES[context.lang];
  const amount = total(context);
  const grouped = reference.replace(/(\d{4})(?=\d)/g, '$1 ');
  return layout(context, t.cashReferenceHeading, html`
    <section class="panel result" aria-labelledby="result-heading">
      <h2 id="result-heading">${t.cashReferenceHeading}</h2>
      <p class="reference">${grouped}</p>
      <p>${t.cashInstructions(amount)}</p>
      <p class="note">${t.cashPendingNote}</p>
      ${returnLink(t, returnUrl)}
      <p><a href="${context.link(payPath(context))}">${t.cardHeading}</a></p>
    </section>
  `);
}

export function challengePage(
  context: ViewContext,
  challengeId: string,
  last4: string,
): string {
  const t = MESSAGES[context.lang];
  return layout(context, t.challengeTitle, html`
    <section class="panel bank" aria-labelledby="result-heading">
      <h2 id="result-heading">${t.challengeTitle}</h2>
      <p>${t.challengeIntro(total(context))}</p>
      <p class="card-line"><span class="visually-hidden">${t.cardEnding}</span
        ><span aria-hidden="true">•••• </span>${last4}</p>
      <form method="post" action="${context.link(`${payPath(context)}/3ds`)}">
        ${context.langField}
        <input type="hidden" name="challenge" value="${challengeId}">
        <div class="actions">
          <button type="submit" name="outcome" value="approve"
            class="button">${t.challengeApprove}</button>
          <button type="submit" name="outcome" value="fail"
            class="button secondary">${t.challengeFail}</button>
        </div>
      </form>
      <p class="note">${t.challengeNote}</p>
    </section>
  `);
}

/** The page of an order that can no longer be paid (paid, refunded). */
export function settledPage(
  context: ViewContext,
  returnUrl: string | undefined,
): string {
  const t = MESSAGES[context.lang];
  const { number, status } = context.order;
  const paid = status === 'paid';
  const { title, text } = t.settled[status as SettledStatus];
  return layout(context, title, html`
    <section class="panel result" aria-labelledby="result-heading">
      <p class="result-icon" aria-hidden="true">${paid ? '✓' : '↩'}</p>
      <h2 id="result-heading">${title}</h2>
      <p>${text(number)}</p>
      ${returnLink(t, returnUrl)}
    </section>
  `);
}

export function notFoundPage(lang: Language): string {
  const t = MESSAGES[lang];
  return htmlDocument(lang, t.notFoundTitle, html`
    <section class="panel result" aria-labelledby="result-heading">
      <h2 id="result-heading">${t.notFoundTitle}</h2>
      <p>${t.notFoundText}</p>
    </section>
  `);
}

function payPath(context: ViewContext): string {
  return `/pay/${context.order.id}`;
}

function total(context: ViewContext): string {
  const { totals, currency } = context.order;
  return money(totals.total, currency, context.lang);
}

function money(amount: number, currency: string, lang: Language): string {
  return `${formatMoney(amount, currency, LOCALES[lang])} ${currency}`;
}

function returnLink(t: Messages, returnUrl: string | undefined): SafeHtml {
  if (!returnUrl) return html`<p class="note">${t.closeWindow}</p>`;
  return html`
    <p><a class="button" href="${returnUrl}">${t.backToShop}</a></p>`;
}

function summary(context: ViewContext): SafeHtml {
  const t = MESSAGES[context.lang];
  const { order, lang } = context;
  const amount = (value: number) => money(value, order.currency, lang);

  const items = order.items.map(
    (item) => html`
      <li class="line">
        <span class="line-name">${item.name}</span>
        <span class="line-qty"
          >${t.quantity} ${item.quantity} × ${amount(item.price)}</span>
        <span class="line-amount">${amount(item.total)}</span>
      </li>`,
  );
  const shipping = order.shipping_items.map(
    (item) => html`
      <li class="line shipping">
        <span class="line-name">${t.shipping}: ${item.name}</span>
        <span class="line-amount">${amount(item.amount)}</span>
      </li>`,
  );

  return html`
    <section class="panel summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">${t.summaryHeading}</h2>
      <p class="order-number">${t.orderLabel} ${order.number}</p>
      <ul class="lines">${items}${shipping}</ul>
      <dl class="totals">
        ${totalRow(t.subtotal, amount(order.totals.subtotal))}
        ${totalRow(t.shipping, amount(order.totals.shipping))}
        ${totalRow(t.total, amount(order.totals.total), 'grand')}
      </dl>
    </section>`;
}

function totalRow(label: string, amount: string, kind?: string): SafeHtml {
  const attribute = kind ? html` class="${kind}"` : '';
  return html`<div${attribute}><dt>${label}</dt><dd>${amount}</dd></div>`;
}

function methodTabs(
  context: ViewContext,
  current: 'card' | 'cash',
): SafeHtml {
  const t = MESSAGES[context.lang];
  const path = payPath(context);
  const tab = (method: 'card' | 'cash', label: string, href: string) =>
    html`<li><a href="${href}" class="tab"
      aria-current="${method === current ? 'page' : 'false'}"
      >${label}</a></li>`;

  return html`
    <nav class="methods" aria-label="${t.methodsLabel}">
      <ul>
        ${tab('card', t.card, context.link(path))}
        ${tab('cash', t.cash, context.link(`${path}?method=cash`))}
      </ul>
    </nav>`;
}

function cardForm(context: ViewContext, state: CardViewState): SafeHtml {
  const t = MESSAGES[context.lang];
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? {};

  const field = (
    name: CardField,
    label: string,
    attributes: SafeHtml,
    hint?: string,
  ) => {
    const id = `card-${name}`;
    const error = errors[name];
    const describedBy = [hint && `${id}-hint`, error && `${id}-error`]
      .filter(Boolean)
      .join(' ');
    return html`
      <div class="field field-${name}">
        <label for="${id}">${label}</label>
        ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
        ${error
          ? html`<p class="field-error" id="${id}-error">${error}</p>`
          : ''}
        <input id="${id}" name="${name}" value="${values[name] ?? ''}"
          required ${attributes}
          ${describedBy ? html`aria-describedby="${describedBy}"` : ''}
          ${error ? html`aria-invalid="true"` : ''}>
      </div>`;
  };

  return html`
    <form method="post" action="${context.link(payPath(context))}"
      class="card-form" novalidate>
      <h3>${t.cardHeading}</h3>
      ${alertBox(t, state, errors)}
      ${context.langField}
      <input type="hidden" name="method" value="card">
      ${field('name', t.cardholder, html`autocomplete="cc-name"`)}
      ${field('number', t.cardNumber, html`autocomplete="cc-number"
          inputmode="numeric" maxlength="23"`)}
      <div class="field-row">
        ${field('expiry', t.expiry, html`autocomplete="cc-exp"
            inputmode="numeric" maxlength="7"`, t.expiryHint)}
        ${field('cvc', t.cvc, html`autocomplete="cc-csc"
            inputmode="numeric" maxlength="4"`)}
      </div>
      <button type="submit" class="button pay">${t.pay(total(context))}</button>
    </form>`;
}

function alertBox(
  t: Messages,
  state: CardViewState,
  errors: Partial<Record<CardField, string>>,
): SafeHtml {
  const entries = Object.entries(errors) as [CardField, string][];
  if (!state.alert && entries.length === 0) return html``;

  const list = entries.map(
    ([name, message]) =>
      html`<li><a href="#card-${name}">${message}</a></li>`,
  );
  return html`
    <div class="alert" role="alert">
      ${state.alert ? html`<p>${state.alert}</p>` : ''}
      ${entries.length > 0
        ? html`<p>${t.errorSummary}</p><ul>${list}</ul>`
        : ''}
    </div>`;
}

function testCardHint(t: Messages): SafeHtml {
  const rows = t.testCards.map(
    ([number, outcome]) =>
      html`<li><code>${number}</code> <span>${outcome}</span></li>`,
  );
  return html`
    <aside class="test-cards" aria-labelledby="test-cards-heading">
      <h3 id="test-cards-heading">${t.testCardsHeading}</h3>
      <ul>${rows}</ul>
      <p>${t.testCardsNote}</p>
    </aside>`;
}

function layout(context: ViewContext, title: string, body: SafeHtml): string {
  const numbered = `${title} · ${context.order.number}`;
  return htmlDocument(context.lang, numbered, body);
}

function htmlDocument(lang: Language, title: string, body: SafeHtml): string {
  const t = MESSAGES[lang];
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Ecart Pay Sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/pay.css">
</head>
<body>
<div class="page">
  <header class="brand">
    <span class="logo">Ecart Pay</span>
    <span class="badge">${t.sandboxBadge}</span>
  </header>
  <main class="content">
    <h1 class="visually-hidden">${title}</h1>
    ${body}
  </main>
</div>
</body>
</html>
`.text;
}
