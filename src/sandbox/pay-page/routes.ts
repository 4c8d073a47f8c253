import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { EcartPayOrder } from '../../shared/ecartpay.ts';
import {
  FORM_BODY_LIMIT,
  HttpError,
  mediaType,
  readBody,
  seeOther,
} from '../http.ts';
import type { OrderBook } from '../orders.ts';
import type { Route, RouteContext } from '../router.ts';
import { checkCard, type CardForm } from './cards.ts';
import { html } from './html.ts';
import { MESSAGES, pickLanguage, type Language } from './messages.ts';
import { PAY_PAGE_CSS } from './styles.ts';
import {
  cardPage,
  cashChoicePage,
  cashReferencePage,
  challengePage,
  notFoundPage,
  settledPage,
  type CardViewState,
  type ViewContext,
} from './views.ts';

export interface PayPageDependencies {
  orders: OrderBook;
  refuseFraming: () => boolean;
  now: () => number;
}

/** Errors carried in the URL after a redirect back to the form. */
const URL_ERRORS = {
  authentication_failed: 'authenticationFailed',
  challenge_expired: 'challengeExpired',
} as const;

type UrlError = keyof typeof URL_ERRORS;

/** A 3-D Secure challenge waiting for the customer's answer. */
interface Challenge {
  orderId: string;
  last4: string;
}

/** An order opened by a hosted-page request, with how to render it. */
interface Visit {
  order: EcartPayOrder;
  lang: Language;
  view: ViewContext;
}

/**
 * The hosted payment page behind `pay_link`: server-rendered, no script,
 * no cookie. Whatever the page must remember travels in its URL or in
 * hidden fields, so it works framed by another site (where third-party
 * cookies are blocked), in a popup and as a full page alike. Every form
 * is a plain POST answered by a 303, and outcomes navigate the page's
 * own browsing context to the shop's `redirect_url`.
 */
export function payPageRoutes(deps: PayPageDependencies): Route[] {
  const page = new HostedPage(deps);
  const id = '([0-9a-f]{24})';

  return [
    {
      path: new RegExp(`^/pay/${id}$`),
      methods: {
        GET: (route) => page.showForm(route, route.params[0]!),
        POST: (route) => page.submitPayment(route),
      },
    },
    {
      // The other pay_link form seen in Ecart Pay's documentation.
      path: /^\/checkout$/,
      methods: {
        GET: (route) =>
          page.showForm(route, route.url.searchParams.get('id')),
      },
    },
    {
      path: new RegExp(`^/pay/${id}/3ds$`),
      methods: {
        GET: (route) => page.showChallenge(route),
        POST: (route) => page.answerChallenge(route),
      },
    },
    {
      path: new RegExp(`^/pay/${id}/cash$`),
      methods: { GET: (route) => page.showCashReference(route) },
    },
    {
      // Any other id: the customer gets a page, not a JSON error.
      path: /^\/pay\/[^/]+(\/3ds|\/cash)?$/,
      methods: {
        GET: (route) => page.showForm(route, null),
        POST: (route) => page.showForm(route, null),
      },
    },
    {
      path: /^\/assets\/pay\.css$/,
      methods: { GET: ({ res }) => sendStylesheet(res) },
    },
  ];
}

class HostedPage {
  readonly #deps: PayPageDependencies;
  readonly #challenges = new Map<string, Challenge>();

  constructor(deps: PayPageDependencies) {
    this.#deps = deps;
  }

  /** The pay form, or the settled page of an order already paid. */
  showForm(route: RouteContext, id: string | null): void {
    const query = route.url.searchParams;
    const visit = this.#open(route, id, query.get('lang'));
    if (!visit) return;

    const { order, view } = visit;
    if (order.status !== 'created') {
      return this.#page(route.res, visit, settledPage(view, returnUrl(order)));
    }
    if (query.get('method') === 'cash') {
      return this.#page(route.res, visit, cashChoicePage(view));
    }
    const state = urlErrorState(query.get('error'), visit.lang);
    this.#page(route.res, visit, cardPage(view, state));
  }

  async submitPayment(route: RouteContext): Promise<void> {
    const form = await readForm(route.req);
    const visit = this.#open(route, route.params[0]!, form.get('lang'));
    if (!visit) return;

    // A paid order is never charged twice: show its settled page.
    if (visit.order.status !== 'created') {
      return this.#redirect(route.res, visit, payPath(visit));
    }
    if (form.get('method') === 'cash') {
      this.#deps.orders.cashReference(visit.order.id);
      return this.#redirect(route.res, visit, `${payPath(visit)}/cash`);
    }
    this.#payByCard(route.res, visit, form);
  }

  showChallenge(route: RouteContext): void {
    const opened = this.#openChallenge(route, route.url.searchParams);
    if (!opened) return;

    const { visit, challengeId, challenge } = opened;
    const body = challengePage(visit.view, challengeId, challenge.last4);
    this.#page(route.res, visit, body);
  }

  async answerChallenge(route: RouteContext): Promise<void> {
    const form = await readForm(route.req);
    const opened = this.#openChallenge(route, form);
    if (!opened) return;

    const { visit, challengeId } = opened;
    this.#challenges.delete(challengeId);
    if (form.get('outcome') !== 'approve') {
      return this.#redirect(route.res, visit, errorPath(visit, 'failed'));
    }
    this.#approve(route.res, visit);
  }

  showCashReference(route: RouteContext): void {
    const query = route.url.searchParams;
    const visit = this.#open(route, route.params[0]!, query.get('lang'));
    if (!visit) return;

    if (visit.order.status !== 'created') {
      return this.#redirect(route.res, visit, payPath(visit));
    }
    const reference = this.#deps.orders.cashReference(visit.order.id);
    const back = returnUrl(visit.order, 'pending');
    const body = cashReferencePage(visit.view, reference, back);
    this.#page(route.res, visit, body);
  }

  #payByCard(
    res: ServerResponse,
    visit: Visit,
    form: URLSearchParams,
  ): void {
    const card: CardForm = {
      name: form.get('name') ?? '',
      number: form.get('number') ?? '',
      expiry: form.get('expiry') ?? '',
      cvc: form.get('cvc') ?? '',
    };
    const errors = MESSAGES[visit.lang].errors;
    const check = checkCard(card, new Date(this.#deps.now()), errors);
    const kept = { name: card.name, expiry: card.expiry };

    // A form shown again answers 200, not 4xx: browsers report every 4xx
    // document in the console, and framed, that is the shop's console.
    if (!check.ok) {
      const values = { ...kept, number: card.number };
      const state = { values, fieldErrors: check.errors };
      return this.#page(res, visit, cardPage(visit.view, state));
    }
    if (check.behaviour === 'decline') {
      const state = { values: kept, alert: errors.declined };
      return this.#page(res, visit, cardPage(visit.view, state));
    }
    if (check.behaviour === 'challenge') {
      const challengeId = randomBytes(16).toString('hex');
      this.#challenges.set(challengeId, {
        orderId: visit.order.id,
        last4: check.last4,
      });
      const path = `${payPath(visit)}/3ds?challenge=${challengeId}`;
      return this.#redirect(res, visit, path);
    }
    this.#approve(res, visit);
  }

  /** Marks the order paid and sends the customer back to the shop. */
  #approve(res: ServerResponse, visit: Visit): void {
    const paid = this.#deps.orders.markPaid(visit.order.id);
    const shop = returnUrl(paid);
    if (shop) return this.#redirect(res, { ...visit, order: paid }, shop);
    this.#redirect(res, visit, payPath(visit));
  }

  /**
   * The visit and the live challenge that a challenge URL or form names.
   * Otherwise answers the "order not found" page, or sends the customer
   * back to the form when the challenge is gone, and returns null.
   */
  #openChallenge(route: RouteContext, fields: URLSearchParams) {
    const visit = this.#open(route, route.params[0]!, fields.get('lang'));
    if (!visit) return null;

    const challengeId = fields.get('challenge') ?? '';
    const challenge = this.#challengeOf(visit, challengeId);
    if (!challenge) {
      this.#redirect(route.res, visit, errorPath(visit, 'expired'));
      return null;
    }
    return { visit, challengeId, challenge };
  }

  /** A live challenge of this order, or undefined. */
  #challengeOf(visit: Visit, challengeId: string): Challenge | undefined {
    const challenge = this.#challenges.get(challengeId);
    if (visit.order.status !== 'created') return undefined;
    return challenge?.orderId === visit.order.id ? challenge : undefined;
  }

  /**
   * Loads the order a hosted URL names, in the visitor's language, or
   * answers the "order not found" page and returns null.
   */
  #open(
    { req, res }: RouteContext,
    id: string | null,
    explicitLang: string | null,
  ): Visit | null {
    const lang = pickLanguage(explicitLang, req.headers['accept-language']);
    const { orders } = this.#deps;
    if (!id || !/^[0-9a-f]{24}$/.test(id) || !orders.has(id)) {
      this.#send(res, 404, notFoundPage(lang), lang);
      return null;
    }
    const order = orders.get(id);
    return { order, lang, view: viewContext(order, explicitLang, lang) };
  }

  #page(res: ServerResponse, visit: Visit, body: string): void {
    this.#send(res, 200, body, visit.lang, visit.order);
  }

  #send(
    res: ServerResponse,
    status: number,
    body: string,
    lang: Language,
    order?: EcartPayOrder,
  ): void {
    res.writeHead(status, {
      ...hostedHeaders(this.#deps.refuseFraming(), order),
      'content-type': 'text/html; charset=utf-8',
      'content-language': lang,
      vary: 'Accept-Language',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  }

  /**
   * A 303 to a sandbox path (the visit's language kept) or to the shop's
   * absolute `redirect_url`.
   */
  #redirect(res: ServerResponse, visit: Visit, target: string): void {
    const location = target.startsWith('/') ? visit.view.link(target) : target;
    const headers = hostedHeaders(this.#deps.refuseFraming(), visit.order);
    seeOther(res, location, headers);
  }
}

/** Paths of the hosted page, as opposed to the API and control paths. */
export function isHostedPath(path: string): boolean {
  return /^\/(pay|checkout|assets)(\/|\?|$)/.test(path);
}

/**
 * Headers of every hosted-page answer, error answers included. The
 * `form-action` must also allow the shop's origin: browsers apply it to
 * the redirect that follows a form post, and the pay form's answer
 * redirects to `redirect_url`.
 */
export function hostedHeaders(
  refuseFraming: boolean,
  order?: EcartPayOrder,
): Record<string, string> {
  const formAction = ["'self'"];
  const shop = order?.redirect_url && new URL(order.redirect_url).origin;
  if (shop) formAction.push(shop);

  const policy = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    `form-action ${formAction.join(' ')}`,
    "base-uri 'none'",
  ];
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
  if (refuseFraming) {
    policy.push("frame-ancestors 'none'");
    headers['x-frame-options'] = 'DENY';
  }
  headers['content-security-policy'] = policy.join('; ');
  return headers;
}

/**
 * The shop's `redirect_url` with hint parameters appended (its own query
 * and fragment kept). The names are the sandbox's choice: Ecart Pay's
 * are not documented, so a landing page must treat them as hints and ask
 * its server for the order.
 */
export function returnUrl(
  order: EcartPayOrder,
  status: string = order.status,
): string | undefined {
  if (!order.redirect_url) return undefined;
  const url = new URL(order.redirect_url);
  url.searchParams.set('order_id', order.id);
  url.searchParams.set('status', status);
  return url.href;
}

function payPath(visit: Visit): string {
  return `/pay/${visit.order.id}`;
}

function errorPath(visit: Visit, error: 'expired' | 'failed'): string {
  const code: UrlError =
    error === 'expired' ? 'challenge_expired' : 'authentication_failed';
  return `${payPath(visit)}?error=${code}`;
}

/** The alert for an error code in the URL; unknown codes show none. */
function urlErrorState(code: string | null, lang: Language): CardViewState {
  if (!code || !(code in URL_ERRORS)) return {};
  return { alert: MESSAGES[lang].errors[URL_ERRORS[code as UrlError]] };
}

/**
 * How views link and post. A language chosen in the URL (`?lang=`) is
 * carried into every link and form; one from `Accept-Language` needs
 * nothing, the browser sends it again.
 */
function viewContext(
  order: EcartPayOrder,
  explicitLang: string | null,
  lang: Language,
): ViewContext {
  const keepLang = explicitLang === 'en' || explicitLang === 'es';
  return {
    order,
    lang,
    link: (path) => {
      if (!keepLang) return path;
      const url = new URL(path, 'http://sandbox.invalid');
      url.searchParams.set('lang', lang);
      return url.pathname + url.search;
    },
    langField: keepLang
      ? html`<input type="hidden" name="lang" value="${lang}">`
      : html``,
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    throw new HttpError(
      415,
      'Content-Type must be application/x-www-form-urlencoded',
    );
  }
  return new URLSearchParams(await readBody(req, FORM_BODY_LIMIT));
}

function sendStylesheet(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/css; charset=utf-8',
    'cache-control': 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  });
  res.end(PAY_PAGE_CSS);
}
