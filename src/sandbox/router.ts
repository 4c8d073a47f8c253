import type { IncomingMessage, ServerResponse } from 'node:http';

import { HttpError, sendError } from './http.ts';

/** What a route handler gets: the request, its URL and path captures. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: string[];
}

export type Handler = (context: RouteContext) => void | Promise<void>;

export interface Route {
  /** Anchored pattern over the URL's path; groups become `params`. */
  path: RegExp;
  methods: Partial<Record<'GET' | 'POST', Handler>>;
}

/**
 * Dispatches by path, then by method: a known path with another method
 * is 405 with `Allow`, an unknown path 404. HEAD is served as GET (Node
 * drops the body). Thrown `HttpError`s become error answers; anything
 * else is a 500 that reveals nothing of the cause.
 */
export function createRouter(
  routes: Route[],
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    try {
      await dispatch(routes, req, res, url);
    } catch (error) {
      answerError(res, error);
    }
  };
}

async function dispatch(
  routes: Route[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  for (const route of routes) {
    const match = route.path.exec(url.pathname);
    if (!match) continue;

    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const handler = route.methods[method as 'GET' | 'POST'];
    if (!handler) {
      const allow = Object.keys(route.methods);
      if (allow.includes('GET')) allow.push('HEAD');
      throw new HttpError(405, `Method ${req.method} not allowed`, {
        allow: allow.join(', '),
      });
    }
    await handler({ req, res, url, params: match.slice(1) });
    return;
  }
  throw new HttpError(404, `Cannot ${req.method} ${url.pathname}`);
}

function answerError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    sendError(res, error.status, error.message, error.headers);
    return;
  }
  sendError(res, 500, 'Internal sandbox error');
}
