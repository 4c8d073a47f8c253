import type { AddressInfo } from 'node:net';
import type { Plugin } from 'vite';

import type { MerchantBackend } from './backend.ts';

/**
 * Mounts the merchant's backend in Vite's dev server, so one origin serves
 * the shop's pages and its `/api`, as a shop in production would.
 *
 * The backend is built once the server listens: its notify and redirect
 * URLs name the shop's origin, and with port 0 the port is known only
 * then.
 */
export function merchantBackendPlugin(
  createBackend: (shopOrigin: string) => MerchantBackend,
): Plugin {
  let backend: MerchantBackend | undefined;

  return {
    name: 'ecartpay-demo:merchant-backend',
    apply: 'serve',

    configureServer(server) {
      server.httpServer?.once('listening', () => {
        const { port } = server.httpServer!.address() as AddressInfo;
        backend = createBackend(`http://localhost:${port}`);
      });
      server.httpServer?.once('close', () => backend?.close());

      server.middlewares.use((req, res, next) => {
        if (!backend) return next();
        backend.handle(req, res, next);
      });
    },
  };
}
