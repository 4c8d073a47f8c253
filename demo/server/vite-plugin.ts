import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'vite';

import type { MerchantBackend } from './backend.ts';

export interface MerchantBackendPluginOptions {
  /** Builds the backend for the shop's origin, once it is known. */
  createBackend(shopOrigin: string): MerchantBackend;
  /** Origins the hosted payment page may be framed from. */
  payOrigins: readonly string[];
}

/**
 * Mounts the merchant's backend in Vite's dev server, so one origin serves
 * the shop's pages and its `/api`, as a shop in production would.
 *
 * The backend is built once the server listens: its notify and redirect
 * URLs name the shop's origin, and with port 0 the port is known only
 * then. Pages are served under a strict Content Security Policy, to show
 * the element needs no inline script or style.
 */
export function merchantBackendPlugin(
  options: MerchantBackendPluginOptions,
): Plugin {
  const policy = contentSecurityPolicy(options.payOrigins);
  let backend: MerchantBackend | undefined;

  return {
    name: 'ecartpay-demo:merchant-backend',
    apply: 'serve',

    configureServer(server) {
      server.httpServer?.once('listening', () => {
        const { port } = server.httpServer!.address() as AddressInfo;
        backend = options.createBackend(`http://localhost:${port}`);
      });
      server.httpServer?.once('close', () => backend?.close());

      server.middlewares.use((req, res, next) => {
        if (isPage(req)) res.setHeader('content-security-policy', policy);
        if (!backend) return next();
        backend.handle(req, res, next);
      });
    },
  };
}

/**
 * No inline script or style anywhere; frames only from the pay page's
 * origins and the shop itself (the return page, which the pay page
 * navigates its frame to).
 */
function contentSecurityPolicy(payOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    `frame-src 'self' ${payOrigins.join(' ')}`,
    "form-action 'self'",
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

function isPage(req: IncomingMessage): boolean {
  const path = new URL(req.url ?? '/', 'http://shop').pathname;
  return path.endsWith('/') || path.endsWith('.html');
}
