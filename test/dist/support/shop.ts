/**
 * A merchant's site as the packed package is meant to be used: a
 * node:http server that serves a built app and mounts the checkout
 * handler of `ecartpay-checkout/server` at /api/checkout, against a
 * sandbox from `ecartpay-checkout/sandbox`. Both come from the installed
 * tarball, never from src/.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';

import type * as ServerToolkit from '../../../src/server/index.ts';
import type * as Sandbox from '../../../src/sandbox/index.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * The page Ecart Pay sends the customer back to, in the frame: it tells
 * the element, on the shop's own origin, that the customer is back.
 */
const RETURN_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Back at the shop</title>
<p>Returning to the shop…</p>
<script>
  parent.postMessage({ type: 'ecartpay-return' }, location.origin);
</script>
</html>`;

/** Imports an entry of the installed package, as its consumer would. */
export async function importInstalled<Module>(
  consumer: string,
  specifier: string,
): Promise<Module> {
  const require = createRequire(join(consumer, 'package.json'));
  return (await import(pathToFileURL(require.resolve(specifier)).href)) as
    Module;
}

export interface Shop {
  /** The shop's origin, e.g. http://127.0.0.1:40123. */
  url: string;
  sandboxUrl: string;
  close(): Promise<void>;
}

export interface ShopOptions {
  /** The folder holding the installed package. */
  consumer: string;
  /**
   * Folders of static files, searched in order: a built app, or plain
   * pages. `__PAY_ORIGIN__` in served HTML becomes the sandbox's origin.
   */
  staticRoots: string[];
}

export async function startShop(options: ShopOptions): Promise<Shop> {
  const sandboxModule = await importInstalled<typeof Sandbox>(
    options.consumer,
    'ecartpay-checkout/sandbox',
  );
  const toolkit = await importInstalled<typeof ServerToolkit>(
    options.consumer,
    'ecartpay-checkout/server',
  );
  const sandbox = await sandboxModule.startSandbox({ port: 0 });

  const server = createServer();
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const client = toolkit.createEcartPayClient({
    publicKey: sandboxModule.SANDBOX_PUBLIC_KEY,
    privateKey: sandboxModule.SANDBOX_PRIVATE_KEY,
    baseUrl: sandbox.url,
  });
  const checkout = toolkit.toNodeListener(
    toolkit.createCheckoutHandler({
      client,
      basePath: '/api/checkout',
      redirectUrl: `${url}/return.html`,
      webhookSecret: sandboxModule.SANDBOX_WEBHOOK_SECRET,
      // The shop prices the order itself; the browser's prices are
      // never trusted.
      resolveOrder: () => ({
        currency: 'MXN',
        items: [{ name: 'Tote bag', quantity: 1, price: 250 }],
      }),
    }),
  );

  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', url).pathname;
    if (path === '/api/checkout' || path.startsWith('/api/checkout/')) {
      checkout(req, res);
      return;
    }
    if (path === '/return.html') {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.html']! });
      res.end(RETURN_PAGE);
      return;
    }
    void serveStatic(path, options, sandbox.url, res);
  });

  return {
    url,
    sandboxUrl: sandbox.url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sandbox.close();
    },
  };
}

async function serveStatic(
  path: string,
  options: ShopOptions,
  sandboxUrl: string,
  res: import('node:http').ServerResponse,
): Promise<void> {
  const relative = normalize(path === '/' ? '/index.html' : path);
  for (const root of options.staticRoots) {
    let body: Buffer;
    try {
      body = await readFile(join(root, relative));
    } catch {
      continue;
    }
    const type = CONTENT_TYPES[extname(relative)] ?? 'text/plain';
    const text = type.startsWith('text/html')
      ? body.toString('utf8').replaceAll('__PAY_ORIGIN__', sandboxUrl)
      : body;
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(text);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not found');
}
