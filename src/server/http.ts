/**
 * Small web-standard helpers shared by the handlers: JSON answers in
 * Ecart Pay's own error shape, and bounded body reading.
 */
import {
  errorBody,
  HttpError,
  mediaTypeOf,
  parseJsonBody,
} from '../shared/http.ts';

/** A web-standard request handler, as the toolkit's handlers are. */
export type Handler = (
  request: Request,
  context?: HandlerContext,
) => Promise<Response>;

/**
 * Optional per-request context. Runtimes that stop work once the response
 * is sent (Cloudflare Workers, Vercel) pass theirs so background work,
 * such as the merchant's `onStatusChange`, is kept alive.
 */
export interface HandlerContext {
  waitUntil?(promise: Promise<unknown>): void;
}

/** Which handler reported an error to `onError`. */
export type HandlerName = 'create' | 'status' | 'notify' | 'router';

/**
 * Receives every error the handlers do not show the browser: merchant
 * callback failures, Ecart Pay failures, invalid `resolveOrder` results.
 * The toolkit's own errors never hold keys or tokens. Must not throw (if
 * it does, the error is ignored).
 */
export type ErrorReporter = (
  error: unknown,
  context: { handler: HandlerName; request?: Request; orderId?: string },
) => void;

/** An answer whose body is `value` as JSON, never cached. */
export function json(
  value: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

/** An error answer shaped like Ecart Pay's: `{"message", "statusCode"}`. */
export function problem(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(errorBody(status, message), status, headers);
}

/** A 405 naming the methods allowed, also in `Allow`. */
export function methodNotAllowed(allowed: string): Response {
  return problem(405, `Method not allowed; use ${allowed}`, {
    allow: allowed,
  });
}

/**
 * Reads the body as JSON, refusing more than `maxBytes` bytes without
 * reading them all, invalid UTF-8 and invalid JSON, each with an
 * {@link HttpError} carrying the answer's status.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<unknown> {
  return parseJsonBody(await readText(request, maxBytes));
}

/** The body as UTF-8 text, at most `maxBytes` bytes of it. */
export async function readText(
  request: Request,
  maxBytes: number,
): Promise<string> {
  const bytes = await readBody(request, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'Request body is not valid UTF-8');
  }
}

async function readBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array> {
  const tooLarge = () =>
    new HttpError(413, `Request body exceeds ${maxBytes} bytes`);

  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (request.body === null) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

/** Joins `chunks`, whose lengths add up to `size`, into one array. */
export function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The request's media type, lowercase, without parameters. */
export function mediaType(request: Request): string {
  return mediaTypeOf(request.headers.get('content-type'));
}

/** True when the request declares a JSON body (`application/json`). */
export function isJsonContentType(request: Request): boolean {
  return mediaType(request) === 'application/json';
}

/** True for `{...}`: not null, not an array. */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `onError` without letting a throwing reporter escape. */
export function report(
  onError: ErrorReporter | undefined,
  error: unknown,
  context: Parameters<ErrorReporter>[1],
): void {
  try {
    onError?.(error, context);
  } catch {
    // A broken reporter must not turn a handled failure into a crash.
  }
}

/**
 * Runs `work` past the response, registered with the request's
 * `waitUntil` or else the options' one, where the runtime has either.
 * Called as methods: a Worker's `ctx.waitUntil` refuses to run detached.
 */
export function keepAlive(
  work: Promise<unknown>,
  context: HandlerContext | undefined,
  fallback: HandlerContext | undefined,
): void {
  const settled = work.catch(() => {});
  if (context?.waitUntil !== undefined) context.waitUntil(settled);
  else fallback?.waitUntil?.(settled);
}
