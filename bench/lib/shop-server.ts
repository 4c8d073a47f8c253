/**
 * The bench's shop: a plain node:http server on the loopback interface
 * that serves the pages under test, the bundles they load, the clock the
 * pages synchronise with, and the merchant backend mounted under a prefix.
 */
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { epochNow } from './clock.ts';

export type NodeListener = (
  request: IncomingMessage,
  response: ServerResponse,
) => void;

export interface ShopOptions {
  /** Path -> HTML, e.g. `/click.html`. */
  pages?: Record<string, string>;
  /** Path -> file on disk, e.g. `/cdn.js` -> dist/...; read per request. */
  files?: Record<string, string>;
  /**
   * Paths of `files` (scripts) served with a unique trailing comment each
   * time: V8 caches compiled scripts by their source within a renderer,
   * so a script that changes is compiled afresh, as on a first visit.
   */
  freshScripts?: string[];
  /** Path prefix -> listener, e.g. `/api/checkout`. */
  backends?: Record<string, NodeListener>;
}

export interface RunningShop {
  /** Origin, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Adds or replaces pages while running. */
  pages: Record<string, string>;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function contentType(path: string): string {
  const extension = path.slice(path.lastIndexOf('.'));
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

function send(response: ServerResponse, type: string, body: string | Buffer) {
  response.writeHead(200, {
    'content-type': type,
    'cache-control': 'no-store',
  });
  response.end(body);
}

function findBackend(
  backends: Record<string, NodeListener>,
  path: string,
): NodeListener | undefined {
  const prefix = Object.keys(backends).find(
    (base) => path === base || path.startsWith(`${base}/`),
  );
  return prefix === undefined ? undefined : backends[prefix];
}

export async function startShop(options: ShopOptions): Promise<RunningShop> {
  const pages = { ...options.pages };
  const files = options.files ?? {};
  const backends = options.backends ?? {};
  const freshScripts = new Set(options.freshScripts);
  let served = 0;

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://shop').pathname;

    if (path === '/__clock') {
      send(response, 'text/plain', String(epochNow()));
    } else if (pages[path] !== undefined) {
      send(response, CONTENT_TYPES['.html'], pages[path]);
    } else if (files[path] !== undefined) {
      let body = await readFile(files[path]);
      if (freshScripts.has(path)) {
        body = Buffer.concat([body, Buffer.from(`\n//${++served}\n`)]);
      }
      send(response, contentType(files[path]), body);
    } else {
      const backend = findBackend(backends, path);
      if (backend) return backend(request, response);

      response.writeHead(404).end();
    }
  });

  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    pages,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
