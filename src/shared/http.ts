/**
 * What the sandbox (on node:http) and the server toolkit (on web-standard
 * Requests) both need to answer bad requests alike: one error that knows
 * its status, one reading of `Content-Type`, one JSON parse, and Ecart
 * Pay's error shape.
 */
import type { EcartPayErrorBody } from './ecartpay.ts';

/**
 * An error that knows the status (and any headers) of its answer; its
 * message is meant for the client, so it never holds a secret.
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

/** The media type of a `Content-Type`: lower case, no parameters. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parses a request body as JSON, or throws a 400 saying why not. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new HttpError(400, 'Request body is empty');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

/** Ecart Pay's error answer: `{"message", "statusCode"}`. */
export function errorBody(status: number, message: string): EcartPayErrorBody {
  return { message, statusCode: status };
}
