import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  createCheckoutHandler,
  toNodeListener,
  type Handler,
} from '../../src/server/index.ts';
import { resolveFromCatalogue, setupFake } from './helpers.ts';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function withServer(
  listener: Parameters<typeof createServer>[1],
  run: (origin: string) => Promise<void>,
) {
  const server = createServer(listener);
  const origin = await listen(server);
  try {
    await run(origin);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A handler that echoes what it was given. */
const echo: Handler = async (request) =>
  new Response(
    JSON.stringify({
      url: request.url,
      method: request.method,
      body: request.body === null ? null : await request.text(),
      custom: request.headers.get('x-custom'),
    }),
    {
      status: 201,
      headers: [
        ['content-type', 'application/json'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ],
    },
  );

test('serves a checkout handler from node:http end to end', async () => {
  const { client, fake } = setupFake();
  const handler = createCheckoutHandler({
    client,
    resolveOrder: resolveFromCatalogue,
  });
  await withServer(toNodeListener(handler), async (origin) => {
    const created = await fetch(`${origin}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: JSON.stringify({ items: [{ sku: 'mug', quantity: 3 }] }),
    });
    assert.equal(created.status, 200);
    const order = (await created.json()) as { id: string };
    assert.equal(
      fake.orders.get(order.id)!.notify_url,
      `${origin}/api/checkout/notify`,
    );

    const status = await fetch(`${origin}/api/checkout/${order.id}`);
    assert.equal(status.status, 200);
    assert.equal(status.headers.get('cache-control'), 'no-store');
  });
});

test('passes method, URL, headers, body; writes status, cookies', async () => {
  await withServer(toNodeListener(echo), async (origin) => {
    const response = await fetch(`${origin}/a/b?c=1`, {
      method: 'POST',
      headers: { 'x-custom': 'yes' },
      body: 'hello',
    });
    assert.equal(response.status, 201);
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.deepEqual(await response.json(), {
      url: `${origin}/a/b?c=1`,
      method: 'POST',
      body: 'hello',
      custom: 'yes',
    });
  });
});

test('keeps the mount path a framework stripped (originalUrl)', async () => {
  const listener = toNodeListener(echo);
  await withServer(
    (req, res) => {
      // What Express and Connect do under app.use('/api/checkout', ...).
      Object.assign(req, { originalUrl: req.url, url: '/' });
      listener(req, res);
    },
    async (origin) => {
      const response = await fetch(`${origin}/api/checkout`);
      const body = (await response.json()) as { url: string };
      assert.equal(body.url, `${origin}/api/checkout`);
    },
  );
});

test('ignores a Host header that would reshape the URL', async () => {
  await withServer(toNodeListener(echo), async (origin) => {
    const { port } = new URL(origin);
    for (const host of ['evil.test/phish?', 'user@evil.test', 'a b']) {
      const answer = await new Promise<string>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: '/api/checkout', headers: { host } },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end();
      });
      const { url } = JSON.parse(answer) as { url: string };
      assert.equal(url, 'http://localhost/api/checkout', host);
    }
  });
});

test('uses a body a parser already read (express.json)', async () => {
  const listener = toNodeListener(echo);
  await withServer(
    async (req, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      Object.assign(req, { body: JSON.parse(text) });
      listener(req, res);
    },
    async (origin) => {
      const response = await fetch(origin, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{ "id" : "abc" }',
      });
      const body = (await response.json()) as { body: string };
      assert.equal(body.body, '{"id":"abc"}');
    },
  );
});

test('refuses a body over maxBodyBytes with 413', async () => {
  let reached = false;
  const handler: Handler = async () => {
    reached = true;
    return new Response('ok');
  };
  const listener = toNodeListener(handler, { maxBodyBytes: 1000 });
  await withServer(listener, async (origin) => {
    const response = await sendChunked(origin, 'x'.repeat(3_000_000));
    assert.equal(response.status, 413);
    assert.match(response.body, /exceeds 1000 bytes/);
  });
  assert.equal(reached, false);
});

test('hands a failing handler to next(), or answers 500', async () => {
  const failing: Handler = async () => {
    throw new Error('boom');
  };
  const listener = toNodeListener(failing);
  const seen: unknown[] = [];
  await withServer(
    (req, res) =>
      listener(req, res, (error) => {
        seen.push(error);
        res.statusCode = 599;
        res.end();
      }),
    async (origin) => {
      assert.equal((await fetch(origin)).status, 599);
    },
  );
  assert.match(String(seen[0]), /boom/);

  await withServer(listener, async (origin) => {
    assert.equal((await fetch(origin)).status, 500);
  });
});

/** POSTs `body` without Content-Length, so only streaming can limit it. */
function sendChunked(
  origin: string,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(origin, { method: 'POST' }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.setHeader('transfer-encoding', 'chunked');
    req.write(body.slice(0, 500));
    // The server answers before the rest arrives; writing on is harmless.
    setImmediate(() => req.end(body.slice(500)));
  });
}
