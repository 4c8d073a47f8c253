/**
 * Everything the browser measurements talk to, on the loopback interface:
 * the Ecart Pay sandbox, and the bench's shop with two merchant backends
 * built from the server toolkit. `/api/checkout` serves the element, whose
 * return page loads inside its frame; `/api/plain-checkout` serves the
 * plain integration, which sends the whole tab to the pay page and gets
 * it back on the shop page itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Bundles } from './bundles.ts';
import { page, REFERENCE_DIALOG } from './pages.ts';
import {
  startShop,
  type NodeListener,
  type RunningShop,
} from './shop-server.ts';
import { buyButtonBundlePath } from '../measures/size.ts';

export const CHECKOUT_PATH = '/api/checkout';
export const PLAIN_CHECKOUT_PATH = '/api/plain-checkout';

/**
 * A backend that never answers: it holds each request until the browser
 * gives up on it. For timing the element up to its window, so that the
 * merchant backend, which shares this machine's cores with the browser
 * here but not in production, does no work in the middle of the frame
 * being measured.
 */
export const HELD_CHECKOUT_PATH = '/api/held-checkout';

const holdRequest: NodeListener = (request, response) => {
  request.resume();
  response.on('close', () => response.destroy());
};

/** The one product of the bench shop, priced on the server. */
const CART = {
  currency: 'MXN',
  items: [{ name: 'Ceramic mug', quantity: 1, price: 249 }],
};

export interface BenchEnvironment {
  shop: RunningShop;
  /** The sandbox's origin. */
  sandboxUrl: string;
  /** Paths of the pages, on the shop. */
  pages: {
    /** The element and the bare-dialog reference; undefined: no bundle. */
    element?: string;
    /** The same, the element's backend held (see HELD_CHECKOUT_PATH). */
    elementHeld?: string;
    /** The plain integration: the whole tab goes to the pay page. */
    plain: string;
    costEmpty: string;
    costOurs?: string;
    costReference: string;
    /** A bare dialog that frames a real pay page; see memory.ts. */
    memoryReference: string;
  };
  close(): Promise<void>;
}

/** Whether a built script is an ES module (else a classic script). */
function isModule(file: string): boolean {
  return /(^|[;}\s])export\s*[{*]/.test(readFileSync(file, 'utf8'));
}

/**
 * The CDN build's folder, served as is under `/cdn/`: the classic script
 * imports the ES module beside it, which imports its chunks.
 */
function cdnFiles(cdn: string): Record<string, string> {
  const folder = dirname(cdn);
  const names = readdirSync(folder, { recursive: true, encoding: 'utf8' });
  return Object.fromEntries(
    names
      .filter((name) => name.endsWith('.js'))
      .map((name) => [`/cdn/${name}`, join(folder, name)]),
  );
}

function scriptTag(path: string, module: boolean): string {
  return `<script ${module ? 'type="module" ' : ''}src="${path}"></script>`;
}

export async function startEnvironment(
  bundles: Bundles,
): Promise<BenchEnvironment> {
  const { startSandbox, SANDBOX_PUBLIC_KEY, SANDBOX_PRIVATE_KEY } =
    await import('../../src/sandbox/index.ts');
  const toolkit = await import('../../src/server/index.ts');

  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  const backends: Record<string, NodeListener> = {};
  const files: Record<string, string> = {
    '/buy-button.js': buyButtonBundlePath(),
    ...(bundles.cdn ? cdnFiles(bundles.cdn) : {}),
  };
  const shop = await startShop({
    files,
    freshScripts: Object.keys(files),
    backends,
  });

  const client = toolkit.createEcartPayClient({
    publicKey: SANDBOX_PUBLIC_KEY,
    privateKey: SANDBOX_PRIVATE_KEY,
    baseUrl: sandbox.url,
  });
  const backend = (basePath: string, redirectPage: string) =>
    toolkit.toNodeListener(
      toolkit.createCheckoutHandler({
        client,
        basePath,
        resolveOrder: () => structuredClone(CART),
        redirectUrl: `${shop.url}${redirectPage}`,
        notifyUrl: `${shop.url}${basePath}/notify`,
      }),
    );
  backends[CHECKOUT_PATH] = backend(CHECKOUT_PATH, '/return.html');
  backends[PLAIN_CHECKOUT_PATH] = backend(PLAIN_CHECKOUT_PATH, '/plain.html');
  backends[HELD_CHECKOUT_PATH] = holdRequest;

  const framed = await client.createOrder({
    ...structuredClone(CART),
    redirect_url: `${shop.url}/return.html`,
  });

  const widget = bundles.cdn
    ? scriptTag(`/cdn/${basename(bundles.cdn)}`, isModule(bundles.cdn))
    : undefined;
  Object.assign(shop.pages, {
    '/return.html': RETURN_PAGE,
    '/plain.html': plainPage(),
    '/memory-reference.html': framingDialogPage(framed.pay_link),
    '/cost-empty.html': page({ title: 'Shop', body: checkoutMarkup('') }),
    '/cost-reference.html': page({
      title: 'Shop',
      head: scriptTag('/buy-button.js', false),
      body: checkoutMarkup(''),
    }),
  });
  if (widget) {
    const elementPage = (endpoint: string) =>
      page({
        title: 'Shop',
        head: widget,
        body: checkoutMarkup(sandbox.url, endpoint) + REFERENCE_DIALOG,
        script: `window.__bench.tests.oursOpen = () => window.__bench
  .anyDialogOpen(document.querySelector('ecartpay-checkout'));`,
      });
    shop.pages['/element.html'] = elementPage(CHECKOUT_PATH);
    shop.pages['/element-held.html'] = elementPage(HELD_CHECKOUT_PATH);
    shop.pages['/cost-ours.html'] = page({
      title: 'Shop',
      head: widget,
      body: checkoutMarkup(''),
    });
  }

  return {
    shop,
    sandboxUrl: sandbox.url,
    pages: {
      element: widget ? '/element.html' : undefined,
      elementHeld: widget ? '/element-held.html' : undefined,
      plain: '/plain.html',
      costEmpty: '/cost-empty.html',
      costOurs: widget ? '/cost-ours.html' : undefined,
      costReference: '/cost-reference.html',
      memoryReference: '/memory-reference.html',
    },
    close: async () => {
      await shop.close();
      await sandbox.close();
    },
  };
}

/** The element as a shop writes it; `payOrigin` '' keeps the default. */
function checkoutMarkup(payOrigin: string, endpoint = CHECKOUT_PATH): string {
  const items = JSON.stringify(CART.items).replaceAll("'", '&#39;');
  return `<ecartpay-checkout endpoint="${endpoint}"
  currency="${CART.currency}" items='${items}'
  ${payOrigin ? `pay-origins="${payOrigin}"` : ''}></ecartpay-checkout>`;
}

/**
 * The merchant's return page inside the frame: it tells the element it
 * has arrived (the message the element documents), so the window closes
 * without waiting for the frame's load event.
 */
const RETURN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Thank you</title>
<script>
parent.postMessage({ type: 'ecartpay-return' }, location.origin);
</script>
</head><body><p>Thank you.</p></body></html>`;

/**
 * How a shop without a widget takes the payment: its button asks the
 * backend for the order and sends the whole tab to `pay_link`; the pay
 * page sends it back here with `order_id`, and the page then confirms
 * the status with the backend and shows it. The probe stamps when the
 * page is usable again and when the outcome is shown.
 */
function plainPage(): string {
  return page({
    title: 'Shop',
    body: `<button id="plain-pay" type="button">Pay</button>
<p id="outcome" role="status"></p>`,
    script: `
const api = '${PLAIN_CHECKOUT_PATH}';
document.getElementById('plain-pay').addEventListener('click', async () => {
  const response = await fetch(api, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify(${JSON.stringify(CART)}),
  });
  const order = await response.json();
  reportNavigation();
  location.href = order.pay_link;
});

// Bench only: tells the driver when the order request ran and when the
// tab is sent away, before the page is gone.
function reportNavigation() {
  const request = performance.getEntriesByType('resource')
    .filter((entry) => new URL(entry.name).pathname === api).at(-1);
  window.__benchNavigating?.({
    requested: performance.timeOrigin + request.startTime,
    answered: performance.timeOrigin + request.responseEnd,
    navigated: performance.timeOrigin + performance.now(),
  });
}

const orderId = new URLSearchParams(location.search).get('order_id');
if (orderId) {
  window.__benchBack = (async () => {
    if (document.readyState !== 'complete') {
      await new Promise((resolve) => addEventListener('load', resolve));
    }
    const usable = window.__bench.afterFrameWhen(() => true);
    const response = await fetch(api + '/' + encodeURIComponent(orderId));
    const order = await response.json();
    document.getElementById('outcome').textContent = 'Order ' + order.status;
    const confirmed = window.__bench.afterFrameWhen(() => true);
    return { usable: (await usable).paintedAt,
      confirmed: (await confirmed).paintedAt, status: order.status };
  })();
}`,
  });
}

/**
 * The least an in-page checkout window can do: a native dialog that adds
 * a frame of the pay page on open and removes it on close.
 */
function framingDialogPage(payLink: string): string {
  return page({
    title: 'Shop',
    body: `<button id="reference-open" type="button">Pay</button>
<dialog id="reference-dialog" aria-label="Payment">
  <button id="reference-close" type="button">Close</button>
</dialog>`,
    script: `
const dialog = document.getElementById('reference-dialog');
document.getElementById('reference-open').addEventListener('click', () => {
  const frame = document.createElement('iframe');
  frame.title = 'Payment';
  frame.src = ${JSON.stringify(payLink)};
  dialog.append(frame);
  dialog.showModal();
});
document.getElementById('reference-close').addEventListener('click', () => {
  dialog.querySelector('iframe').remove();
  dialog.close();
});`,
  });
}
