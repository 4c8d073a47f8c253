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

interface Challenge {
  orderId: string;
  last4: string;
}

const PAY_PATH = /^\/pay\/([0-9a-f]{24})$/;

/**
 * The hosted payment page behind `pay_link`: server-rendered, no script,
 * no cookie. Whatever the page must remember travels in its URL or in
 * hidden fields, so it works framed by another site (where third-party
 * cookies are blocked), in a popup and as a full page alike. Every form
 * is a plain POST answered by a 303, and outcomes navigate the page's
 * own browsing context to the shop's `redirect_url`.
 */
export function payPageRoutes(deps: PayPageDependencies): Route[] {
  const { orders } = deps;
  const challenges = new Map<string, Challenge>();

  const page = (
    res: ServerResponse,
    status: number,
    body: string,
    context: { lang: Language; order?: EcartPayOrder },
  ) => {
    res.writeHead(status, {
      ...hostedHeaders(deps.refuseFraming(), context.order),
      'content-type': 'text/html; charset=utf-8',
      'content-language': context.lang,
      vary: 'Accept-Language',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  };

  const redirect = (
    res: ServerResponse,
    location: string,
    order?: EcartPayOrder,
  ) => seeOther(res, location, hostedHeaders(deps.refuseFraming(), order));

  /** Loads the order of a hosted URL, answering a 404 page if unknown. */
  const findOrder = (
    { res }: RouteContext,
    id: string | null,
    lang: Language,
  ): EcartPayOrder | null => {
    if (id && /^[0-9a-f]{24}$/.test(id) && orders.has(id)) {
      return orders.get(id);
    }
    page(res, 404, notFoundPage(lang), { lang });
    return null;
  };

  const showPayPage = (route: RouteContext, id: string | null) => {
    const { req, res, url } = route;
    const lang = languageOf(req, url.searchParams.get('lang'));
    const order = findOrder(route, id, lang);
    if (!order) return;

    const context = viewContext(order, url.searchParams.get('lang'), lang);
    if (order.status !== 'created') {
      const body = settledPage(context, returnUrl(order));
      return page(res, 200, body, { lang, order });
    }
    if (url.searchParams.get('method') === 'cash') {
      return page(res, 200, cashChoicePage(context), { lang, order });
    }

    const code = url.searchParams.get('error');
    const key =
      code && code in URL_ERRORS
        ? URL_ERRORS[code as keyof typeof URL_ERRORS]
        : undefined;
    const state: CardViewState = key
      ? { alert: MESSAGES[lang].errors[key] }
      : {};
    page(res, 200, cardPage(context, state), { lang, order });
  };

  const submitPayment = async (route: RouteContext) => {
    const { req, res, params } = route;
    const form = await readForm(req);
    const explicitLang = form.get('lang');
    const lang = languageOf(req, explicitLang);
    const order = findOrder(route, params[0]!, lang);
    if (!order) return;

    const context = viewContext(order, explicitLang, lang);
    const payUrl = context.link(`/pay/${order.id}`);

    // A paid order is never charged twice: show its settled page.
    if (order.status !== 'created') return redirect(res, payUrl, order);

    if (form.get('method') === 'cash') {
      orders.cashReference(order.id);
      return redirect(res, context.link(`/pay/${order.id}/cash`), order);
    }

    const card: CardForm = {
      name: form.get('name') ?? '',
      number: form.get('number') ?? '',
      expiry: form.get('expiry') ?? '',
      cvc: form.get('cvc') ?? '',
    };
    const t = MESSAGES[lang];
    const check = checkCard(card, new Date(deps.now()), t.errors);
    const keep = { name: card.name, expiry: card.expiry };

    // A form shown again answers 200, not 4xx: browsers report every 4xx
    // document in the console, and framed, that is the shop's console.
    if (!check.ok) {
      const state = {
        values: { ...keep, number: card.number },
        fieldErrors: check.errors,
      };
      return page(res, 200, cardPage(context, state), { lang, order });
    }

    if (check.behaviour === 'decline') {
      const state = { values: keep, alert: t.errors.declined };
      return page(res, 200, cardPage(context, state), { lang, order });
    }

    if (check.behaviour === 'challenge') {
      const challengeId = randomBytes(16).toString('hex');
      challenges.set(challengeId, { orderId: order.id, last4: check.last4 });
      const path = `/pay/${order.id}/3ds?challenge=${challengeId}`;
      return redirect(res, context.link(path), order);
    }

    const paid = orders.markPaid(order.id);
    redirect(res, returnUrl(paid) ?? payUrl, paid);
  };

  const showChallenge = (route: RouteContext) => {
    const { req, res, url, params } = route;
    const explicitLang = url.searchParams.get('lang');
    const lang = languageOf(req, explicitLang);
    const order = findOrder(route, params[0]!, lang);
    if (!order) return;

    const context = viewContext(order, explicitLang, lang);
    const challengeId = url.searchParams.get('challenge') ?? '';
    const challenge = challenges.get(challengeId);
    if (order.status !== 'created' || challenge?.orderId !== order.id) {
      return redirect(res, errorUrl(context, 'challenge_expired'), order);
    }
    const body = challengePage(context, challengeId, challenge.last4);
    page(res, 200, body, { lang, order });
  };

  const answerChallenge = async (route: RouteContext) => {
    const { req, res, params } = route;
    const form = await readForm(req);
    const explicitLang = form.get('lang');
    const lang = languageOf(req, explicitLang);
    const order = findOrder(route, params[0]!, lang);
    if (!order) return;

    const context = viewContext(order, explicitLang, lang);
    const challengeId = form.get('challenge') ?? '';
    const challenge = challenges.get(challengeId);
    if (order.status !== 'created') {
      return redirect(res, context.link(`/pay/${order.id}`), order);
    }
    if (challenge?.orderId !== order.id) {
      return redirect(res, errorUrl(context, 'challenge_expired'), order);
    }

    challenges.delete(challengeId);
    if (form.get('outcome') !== 'approve') {
      return redirect(res, errorUrl(context, 'authentication_failed'), order);
    }
    const paid = orders.markPaid(order.id);
    redirect(res, returnUrl(paid) ?? context.link(`/pay/${paid.id}`), paid);
  };

  const showCashReference = (route: RouteContext) => {
    const { req, res, url, params } = route;
    const explicitLang = url.searchParams.get('lang');
    const lang = languageOf(req, explicitLang);
    const order = findOrder(route, params[0]!, lang);
    if (!order) return;

    const context = viewContext(order, explicitLang, lang);
    if (order.status !== 'created') {
      return redirect(res, context.link(`/pay/${order.id}`), order);
    }
    const reference = orders.cashReference(order.id);
    const back = returnUrl(order, 'pending');
    page(res, 200, cashReferencePage(context, reference, back), {
      lang,
      order,
    });
  };

  return [
    {
      path: PAY_PATH,
      methods: {
        GET: (route) => showPayPage(route, route.params[0]!),
        POST: submitPayment,
      },
    },
    {
      // The other pay_link form seen in Ecart Pay's documentation.
      path: /^\/checkout$/,
      methods: {
        GET: (route) => showPayPage(route, route.url.searchParams.get('id')),
      },
    },
    {
      path: /^\/pay\/([0-9a-f]{24})\/3ds$/,
      methods: { GET: showChallenge, POST: answerChallenge },
    },
    {
      path: /^\/pay\/([0-9a-f]{24})\/cash$/,
      methods: { GET: showCashReference },
    },
    {
      path: /^\/pay\/[^/]+(\/3ds|\/cash)?$/,
      methods: {
        GET: (route) => showPayPage(route, null),
        POST: (route) => showPayPage(route, null),
      },
    },
    {
      path: /^\/assets\/pay\.css$/,
      methods: {
        GET: ({ res }) => {
          res.writeHead(200, {
            'content-type': 'text/css; charset=utf-8',
            'cache-control': 'public, max-age=300',
            'x-content-type-options': 'nosniff',
          });
          res.end(PAY_PAGE_CSS);
        },
      },
    },
  ];
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

function errorUrl(context: ViewContext, code: keyof typeof URL_ERRORS) {
  return context.link(`/pay/${context.order.id}?error=${code}`);
}

function languageOf(req: IncomingMessage, explicit: string | null): Language {
  return pickLanguage(explicit, req.headers['accept-language']);
}

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
