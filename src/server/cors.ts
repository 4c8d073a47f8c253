import { problem } from './http.ts';

/**
 * Cross-origin access to the browser's routes (create and status), for
 * a page served from another origin than its API. Notifications come
 * from Ecart Pay's servers, never from a browser, and get none.
 */
export function createCors(allowedOrigins: readonly string[] | undefined) {
  const origins = new Set((allowedOrigins ?? []).map(checkOrigin));
  const allowed = (request: Request): string | undefined => {
    const origin = request.headers.get('origin');
    return origin !== null && origins.has(origin) ? origin : undefined;
  };

  return {
    enabled: origins.size > 0,

    /** Answers a preflight: which methods and headers may follow. */
    preflight(request: Request): Response {
      const origin = allowed(request);
      if (origin === undefined) {
        return problem(403, 'This origin may not call the checkout API');
      }
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'content-type, idempotency-key',
          'access-control-max-age': '600',
          vary: 'Origin',
        },
      });
    },

    /** Lets an allowed origin read `response`. */
    expose(request: Request, response: Response): Response {
      const origin = allowed(request);
      if (origin === undefined) return response;
      const headers = new Headers(response.headers);
      headers.set('access-control-allow-origin', origin);
      headers.append('vary', 'Origin');
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    },
  };
}

/** An origin is scheme, host and port: `https://shop.example`. */
function checkOrigin(value: string): string {
  if (URL.canParse(value) && new URL(value).origin === value) return value;
  throw new TypeError(
    `allowedOrigins: "${value}" is not an origin like https://shop.example`,
  );
}
