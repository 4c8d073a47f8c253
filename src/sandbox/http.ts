import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  errorBody,
  HttpError,
  mediaTypeOf,
  parseJsonBody,
} from '../shared/http.ts';

// Thrown anywhere below a route; the router answers it in Ecart Pay's
// error shape.
export { HttpError };

/** Largest JSON body the API accepts, as a careful real API would cap. */
const JSON_BODY_LIMIT = 1024 * 1024;

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
  sendJson(res, status, errorBody(status, message), headers);
}

/** The media type of a request, lower case, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return mediaTypeOf(req.headers['content-type']);
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

/**
 * A JSON body: `application/json` only (415), at most
 * {@link JSON_BODY_LIMIT} bytes (413), valid JSON (400).
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (mediaType(req) !== 'application/json') {
    throw new HttpError(415, 'Content-Type must be application/json');
  }
  return parseJsonBody(await readBody(req, JSON_BODY_LIMIT));
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
