import { concat, type Handler } from './http.ts';

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Largest body read from the socket, in bytes; 1 MiB by default. The
   * handlers apply their own, smaller limits on top.
   */
  maxBodyBytes?: number;
}

/**
 * The part of Node's `NodeRequest` the adapter uses, plus what
 * Express and Connect add. Spelled out rather than imported from
 * `node:http`, so the toolkit's types load without Node's typings
 * (Workers, Deno).
 */
export interface NodeRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  socket: unknown;
  readableEnded: boolean;
  // `any`, as in Node's own typings: anything narrower rejects them.
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
  /** Express, Connect: the URL before the mount path was stripped. */
  originalUrl?: string;
  /** A body parser's result (`express.json()`). */
  body?: unknown;
}

/** The part of Node's `NodeResponse` the adapter uses. */
export interface NodeResponse {
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  writeHead(
    status: number,
    headers: Record<string, string | string[]>,
  ): unknown;
  write(chunk: Uint8Array): unknown;
  end(chunk?: string): unknown;
}

/** Node's `(req, res, next?)`, as node:http, Express and Connect call it. */
export type NodeListener = (
  req: NodeRequest,
  res: NodeResponse,
  next?: (error?: unknown) => void,
) => void;

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Adapts a web-standard handler to Node's listener signature, for
 * `http.createServer`, Express (`app.use('/api/checkout', ...)`) and
 * Connect or Vite middleware (`server.middlewares.use(...)`).
 *
 * The Request gets the full URL (the `Host` header and the path before
 * any framework stripped its mount point, from `originalUrl`), so the
 * checkout handler sees the path it was mounted at. If a body parser ran
 * first (e.g. `express.json()`), its parsed body is passed on as JSON.
 * When the handler itself fails, `next(error)` is called if given, else
 * a 500 is sent.
 *
 * Imports nothing from Node: the module loads on any runtime.
 */
export function toNodeListener(
  handler: Handler,
  options: NodeListenerOptions = {},
): NodeListener {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  return (req, res, next) => {
    serve(handler, req, res, maxBodyBytes).catch((error: unknown) => {
      if (next !== undefined) return next(error);
      sendInternalError(res);
    });
  };
}

function sendInternalError(res: NodeResponse): void {
  if (!res.headersSent) {
    res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
  }
  res.end(JSON.stringify({ message: 'Internal error', statusCode: 500 }));
}

async function serve(
  handler: Handler,
  req: NodeRequest,
  res: NodeResponse,
  maxBodyBytes: number,
): Promise<void> {
  const method = req.method ?? 'GET';
  let body: Uint8Array | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    body = await readNodeBody(req, maxBodyBytes);
    if (body === undefined) {
      return sendTooLarge(res, maxBodyBytes);
    }
  }

  const request = new Request(fullUrl(req), {
    method,
    headers: toHeaders(req),
    body: body as BodyInit | undefined,
  });
  const response = await handler(request);
  await writeResponse(response, res);
}

/** A host name or IP literal with an optional port, nothing else. */
const HOST = /^([\w.-]+|\[[\da-f:.]+\])(:\d{1,5})?$/i;

function fullUrl(req: NodeRequest): string {
  const socket = req.socket as { encrypted?: boolean } | null | undefined;
  const scheme = socket?.encrypted ? 'https' : 'http';
  // The Host header is the client's to write: anything odd is ignored
  // rather than allowed to reshape the URL (`evil.test/x?`, `a@b`).
  const claimed = req.headers.host;
  const host =
    typeof claimed === 'string' && HOST.test(claimed) ? claimed : 'localhost';
  const path = req.originalUrl ?? req.url ?? '/';
  return `${scheme}://${host}${path.startsWith('/') ? path : `/${path}`}`;
}

function toHeaders(req: NodeRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      headers.append(name, item);
    }
  }
  return headers;
}

/**
 * The body bytes, or `undefined` past `maxBodyBytes`. A body a framework
 * already parsed is serialised again; the signature check works on
 * parsed JSON, so nothing is lost.
 */
async function readNodeBody(
  req: NodeRequest,
  maxBodyBytes: number,
): Promise<Uint8Array | undefined> {
  if (req.readableEnded && req.body !== undefined) {
    return parsedBody(req.body);
  }

  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes) return undefined;

  return collect(req, maxBodyBytes);
}

/**
 * Reads the stream to its end, or stops at `maxBodyBytes` and pauses it
 * without destroying the socket, so a 413 can still be written back.
 */
function collect(
  req: NodeRequest,
  maxBodyBytes: number,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;

    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Uint8Array | string) => {
      const bytes =
        typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > maxBodyBytes) {
        stop();
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };

    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function parsedBody(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return new TextEncoder().encode(text);
}

function sendTooLarge(res: NodeResponse, maxBodyBytes: number): void {
  const message = `Request body exceeds ${maxBodyBytes} bytes`;
  res.writeHead(413, {
    'content-type': 'application/json; charset=utf-8',
    connection: 'close',
  });
  res.end(JSON.stringify({ message, statusCode: 413 }));
}

async function writeResponse(
  response: Response,
  res: NodeResponse,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);

  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (res.destroyed) {
      await reader.cancel();
      return;
    }
    res.write(value);
  }
  res.end();
}
