import type { IncomingMessage, ServerResponse } from 'node:http';

import type { EcartPayErrorBody } from '../shared/ecartpay.ts';

/**
 * An error that already knows its HTTP status. Thrown anywhere below a
 * route and answered as `{"message", "statusCode"}` by the server.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Largest JSON body the API accepts, as a careful real API would cap. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** Largest form post of the hosted page: a few short fields. */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * How much of an oversized body is still read and thrown away before the
 * 413 answer: reading it lets the client see the answer instead of a
 * reset connection; past this the connection is cut.
 */
const DRAIN_LIMIT = 16 * 1024 * 1024;

const API_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Answers JSON with the headers every API answer carries. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...API_HEADERS,
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Answers Ecart Pay's error shape, `{"message", "statusCode"}`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body: EcartPayErrorBody = { message, statusCode: status };
  sendJson(res, status, body, headers);
}

/** The media type of a request, lower case, without parameters. */
export function mediaType(req: IncomingMessage): string {
  const header = req.headers['content-type'] ?? '';
  return header.split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads a request body as UTF-8 text, up to `limit` bytes. A larger body
 * is 413; its rest is still read (up to a cap) and thrown away, so that
 * the client gets to read the answer instead of a reset connection.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooBig = Number(req.headers['content-length'] ?? 0) > limit;

    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) tooBig = true;
      if (!tooBig) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      if (received > DRAIN_LIMIT) req.destroy();
    });
    req.once('end', () => {
      if (tooBig) reject(tooLarge(limit));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    // After 'end' this changes nothing; before, the client went away.
    req.once('close', () =>
      reject(tooBig ? tooLarge(limit) : new HttpError(400, 'Body cut short')),
    );
    req.once('error', reject);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    `Request body is larger than ${limit} bytes`,
    { connection: 'close' },
  );
}

/** Parses a JSON body, answering 400 when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

/** A 303 See Other: after a form post, the browser GETs `location`. */
export function seeOther(
  res: ServerResponse,
  location: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(303, {
    ...headers,
    location,
    'cache-control': 'no-store',
    'content-length': '0',
  });
  res.end();
}
