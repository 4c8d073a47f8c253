/**
 * What went wrong talking to Ecart Pay:
 * - `timeout`: no complete answer within the client's `timeoutMs`;
 * - `network`: the request never got an HTTP answer (DNS, refused...);
 * - `http`: Ecart Pay answered a status other than 2xx;
 * - `invalid_response`: a 2xx answer that is not the expected JSON;
 * - `aborted`: the caller's own `AbortSignal` cancelled the call.
 */
export type EcartPayErrorCode =
  | 'timeout'
  | 'network'
  | 'http'
  | 'invalid_response'
  | 'aborted';

/**
 * A failed call to Ecart Pay. Safe to log: neither its message nor its
 * properties ever hold the API keys or the access token (any echo of them
 * in Ecart Pay's own message is replaced by `[redacted]`).
 */
export class EcartPayError extends Error {
  override readonly name = 'EcartPayError';

  /** Kind of failure; `http` when Ecart Pay answered with an error. */
  readonly code: EcartPayErrorCode;

  /** HTTP status Ecart Pay answered, or `undefined` when none arrived. */
  readonly status: number | undefined;

  /** The `message` field of Ecart Pay's error body, when there was one. */
  readonly apiMessage: string | undefined;

  /** The client method that failed, e.g. `getOrder`. */
  readonly operation: string;

  constructor(init: {
    code: EcartPayErrorCode;
    operation: string;
    message: string;
    status?: number;
    apiMessage?: string;
  }) {
    super(init.message);
    this.code = init.code;
    this.operation = init.operation;
    this.status = init.status;
    this.apiMessage = init.apiMessage;
  }
}

/**
 * Thrown by a merchant's `resolveOrder` to refuse a cart with a message
 * the browser may see, e.g. `new CheckoutRequestError(422, 'Product
 * "mug-42" is sold out')`. The create handler answers `status` with
 * `{"message", "statusCode"}`. Any other error thrown by `resolveOrder`
 * becomes a generic 500 and reaches `onError` only.
 */
export class CheckoutRequestError extends Error {
  override readonly name = 'CheckoutRequestError';

  /** A 4xx status, answered to the browser as is. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    if (!Number.isInteger(status) || status < 400 || status > 499) {
      throw new RangeError(
        `CheckoutRequestError status must be 4xx, got ${status}`,
      );
    }
    this.status = status;
  }
}
