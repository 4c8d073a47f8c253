import { z } from 'zod';
import {
  ECARTPAY_HOSTS,
  type CreateOrderInput,
  type EcartPayOrder,
  type RefundInput,
} from '../shared/ecartpay.ts';
import { EcartPayError, type EcartPayErrorCode } from './errors.ts';
import { tokenReuseDeadline } from './token.ts';

/** Options of {@link createEcartPayClient}. */
export interface EcartPayClientOptions {
  /** The account's public API key. */
  publicKey: string;
  /** The account's private API key. Never leaves the server. */
  privateKey: string;
  /**
   * Which Ecart Pay host to call; `sandbox` by default, so a forgotten
   * option never moves real money. Ignored when `baseUrl` is set.
   */
  environment?: 'sandbox' | 'production';
  /**
   * Origin of the API (without `/api`), e.g. the local sandbox emulator's
   * `http://127.0.0.1:4010`. Overrides `environment`.
   */
  baseUrl?: string;
  /**
   * Longest wait for each HTTP exchange with Ecart Pay (a token request,
   * a call, its one retry), in milliseconds. 10 000 by default.
   */
  timeoutMs?: number;
  /** A `fetch` to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
}

/** Per-call options of the client's methods. */
export interface CallOptions {
  /** Cancels the call; it then rejects with code `aborted`. */
  signal?: AbortSignal;
}

/**
 * Ecart Pay's Orders API. Every method rejects with an
 * {@link EcartPayError} on failure.
 */
export interface EcartPayClient {
  /** `POST /api/orders`: creates an order and answers it. */
  createOrder(
    input: CreateOrderInput,
    options?: CallOptions,
  ): Promise<EcartPayOrder>;
  /** `GET /api/orders/{id}`: the order as it is now. */
  getOrder(id: string, options?: CallOptions): Promise<EcartPayOrder>;
  /**
   * `POST /api/orders/{id}/refund`: refunds `amount` (major units) of a
   * paid order. Ecart Pay does not document the answer's shape, so it is
   * returned as parsed JSON.
   */
  refundOrder(
    id: string,
    refund: RefundInput,
    options?: CallOptions,
  ): Promise<unknown>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Longest API error message kept, so a huge body never floods logs. */
const MAX_MESSAGE_LENGTH = 300;

/** The least an answer must hold to be treated as an order. */
const orderSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
});

/** A JWT as documented; any other token is used with a 1-hour lifetime. */
const tokenSchema = z.object({ token: z.string().regex(/^[\x21-\x7e]{8,}$/) });

/**
 * Creates a client for Ecart Pay's Orders API.
 *
 * The client asks for an access token with the keys (`POST
 * /api/authorizations/token`, Basic authorization), reuses it until
 * shortly before it expires, and asks for a new one once if a call is
 * refused with 401. Concurrent calls share one token request. The keys
 * and the token live in a closure: logging or serialising the client
 * shows none of them.
 *
 * @example
 * const ecartpay = createEcartPayClient({
 *   publicKey: process.env.ECARTPAY_PUBLIC_KEY!,
 *   privateKey: process.env.ECARTPAY_PRIVATE_KEY!,
 *   environment: 'production',
 * });
 * const order = await ecartpay.getOrder('6255c337c589a8c8e20f865e');
 */
export function createEcartPayClient(
  options: EcartPayClientOptions,
): EcartPayClient {
  const settings = readSettings(options);
  const fetchImpl: typeof fetch =
    options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const basic = `Basic ${base64(`${options.publicKey}:${options.privateKey}`)}`;
  const secrets = [options.publicKey, options.privateKey, basic.slice(6)];
  const tokens = createTokenCache();

  function redact(text: string): string {
    let safe = text;
    for (const secret of [...secrets, ...tokens.known()]) {
      if (secret.length >= 4) safe = safe.split(secret).join('[redacted]');
    }
    return safe.slice(0, MAX_MESSAGE_LENGTH);
  }

  async function requestToken(): Promise<string> {
    const operation = 'authorize';
    const response = await send({
      operation,
      method: 'POST',
      path: '/api/authorizations/token',
      authorization: basic,
    });
    const body = await readJson(operation, response.res, response.text);
    const parsed = tokenSchema.safeParse(body);
    if (!parsed.success) {
      throw invalidResponse(operation, 'the token answer holds no token');
    }
    return parsed.data.token;
  }

  /**
   * One HTTP exchange, bounded by the client's timeout and the caller's
   * signal. Resolves with the answer and its whole body text.
   */
  async function send(exchange: Exchange): Promise<Answer> {
    const deadline = new Deadline(settings.timeoutMs, exchange.signal);
    const headers: Record<string, string> = {
      authorization: exchange.authorization,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (exchange.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(exchange.body);
    }

    try {
      const res = await fetchImpl(settings.baseUrl + exchange.path, {
        method: exchange.method,
        headers,
        body,
        signal: deadline.signal,
      });
      const text = await res.text();
      return { res, text };
    } catch (error) {
      throw deadline.explain(exchange.operation, error, redact);
    } finally {
      deadline.clear();
    }
  }

  async function readJson(
    operation: string,
    res: Response,
    text: string,
  ): Promise<unknown> {
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.ok) {
      if (body === undefined) {
        throw invalidResponse(operation, 'the answer is not JSON');
      }
      return body;
    }
    throw httpError(operation, res.status, body, redact);
  }

  /**
   * An authorized API call, retried once with a new token on 401 (a
   * refused call did nothing, so repeating it is safe).
   */
  async function call(request: Omit<Exchange, 'authorization'>) {
    let token = await tokens.get(requestToken, request.signal);
    let answer = await send({ ...request, authorization: token });
    if (answer.res.status === 401) {
      tokens.invalidate(token);
      token = await tokens.get(requestToken, request.signal);
      answer = await send({ ...request, authorization: token });
    }
    return readJson(request.operation, answer.res, answer.text);
  }

  async function callForOrder(
    request: Omit<Exchange, 'authorization'>,
  ): Promise<EcartPayOrder> {
    const answer = await call(request);
    if (!orderSchema.safeParse(answer).success) {
      throw invalidResponse(request.operation, 'the answer is not an order');
    }
    return answer as EcartPayOrder;
  }

  return {
    async createOrder(input, callOptions) {
      return callForOrder({
        operation: 'createOrder',
        method: 'POST',
        path: '/api/orders',
        body: input,
        signal: callOptions?.signal,
      });
    },
    async getOrder(id, callOptions) {
      return callForOrder({
        operation: 'getOrder',
        method: 'GET',
        path: orderPath(id),
        signal: callOptions?.signal,
      });
    },
    async refundOrder(id, refund, callOptions) {
      const { amount, reason } = checkRefund(refund);
      return call({
        operation: 'refundOrder',
        method: 'POST',
        path: `${orderPath(id)}/refund`,
        // The Orders guide names the field `reason`, the OpenAPI document
        // `name`: both are sent so either reading of the API accepts it.
        body: { amount, reason, name: reason },
        signal: callOptions?.signal,
      });
    },
  };
}

/** One HTTP request to Ecart Pay. */
interface Exchange {
  /** The client method, named in errors. */
  operation: string;
  method: 'GET' | 'POST';
  path: string;
  authorization: string;
  body?: unknown;
  signal?: AbortSignal;
}

/** An answer and its whole body, read within the deadline. */
interface Answer {
  res: Response;
  text: string;
}

function readSettings(options: EcartPayClientOptions) {
  for (const key of ['publicKey', 'privateKey'] as const) {
    if (typeof options[key] !== 'string' || options[key].trim() === '') {
      throw new TypeError(`createEcartPayClient: ${key} is required`);
    }
  }

  const environment = options.environment ?? 'sandbox';
  if (!Object.hasOwn(ECARTPAY_HOSTS, environment)) {
    throw new TypeError(
      `createEcartPayClient: environment must be "sandbox" or ` +
        `"production", got ${JSON.stringify(environment)}`,
    );
  }

  const base = options.baseUrl ?? ECARTPAY_HOSTS[environment];
  let baseUrl: URL;
  try {
    baseUrl = new URL(base);
  } catch {
    throw new TypeError(`createEcartPayClient: baseUrl is not a URL: ${base}`);
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new TypeError(
      'createEcartPayClient: timeoutMs must be a positive number',
    );
  }

  return { baseUrl: baseUrl.href.replace(/\/+$/, ''), timeoutMs };
}

const refundSchema = z.object({
  amount: z.number().finite().positive(),
  reason: z.enum(['requested', 'duplicate', 'fraudulent']),
});

function checkRefund(refund: RefundInput): RefundInput {
  const result = refundSchema.safeParse(refund);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new TypeError(`refundOrder: ${issue.path.join('.')}: ${issue.message}`);
}

function orderPath(id: string): string {
  if (typeof id !== 'string' || id === '') {
    throw new TypeError('Order id must be a non-empty string');
  }
  return `/api/orders/${encodeURIComponent(id)}`;
}

/**
 * The cached access token. One token request at a time: callers arriving
 * while it runs share it, each still bounded by its own signal.
 */
function createTokenCache() {
  let current: { token: string; reuseUntil: number } | undefined;
  let pending: Promise<string> | undefined;
  // Kept so that an error message echoing a replaced token is redacted.
  let replaced: string | undefined;

  return {
    async get(
      request: () => Promise<string>,
      signal: AbortSignal | undefined,
    ): Promise<string> {
      if (current !== undefined && Date.now() < current.reuseUntil) {
        return current.token;
      }
      pending ??= request()
        .then((token) => {
          const reuseUntil = tokenReuseDeadline(token, Date.now());
          replaced = current?.token ?? replaced;
          current = { token, reuseUntil };
          return token;
        })
        .finally(() => {
          pending = undefined;
        });
      return abortable(pending, signal);
    },

    /** Drops `token` unless a newer one already replaced it. */
    invalidate(token: string) {
      if (current?.token !== token) return;
      replaced = token;
      current = undefined;
    },

    /** Tokens that may still appear in an answer, to redact them. */
    known(): string[] {
      return [current?.token, replaced].filter((token) => token !== undefined);
    },
  };
}

function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError('authorize'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() =>
      signal.removeEventListener('abort', onAbort),
    );
  });
}

/**
 * The signal of one exchange: fires on the client's timeout or when the
 * caller's signal does, and remembers which, to name the failure.
 */
class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private timedOut = false;
  private readonly onCallerAbort = () => this.controller.abort();

  constructor(
    private readonly timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.signal = this.controller.signal;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, timeoutMs);
    if (callerSignal?.aborted) this.controller.abort();
    callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  clear() {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }

  explain(
    operation: string,
    error: unknown,
    redact: (text: string) => string,
  ): EcartPayError {
    if (error instanceof EcartPayError) return error;
    if (this.timedOut) {
      return new EcartPayError({
        code: 'timeout',
        operation,
        message:
          `${operation}: Ecart Pay did not answer within ${this.timeoutMs} ms`,
      });
    }
    if (this.callerSignal?.aborted) return abortedError(operation);
    return new EcartPayError({
      code: 'network',
      operation,
      message: `${operation}: could not reach Ecart Pay (${redact(
        describeNetworkError(error),
      )})`,
    });
  }
}

/** Node's fetch hides the useful part (ECONNREFUSED...) in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error && cause.message !== '') {
    return `${error.message}: ${cause.message}`;
  }
  return error.message;
}

function abortedError(operation: string): EcartPayError {
  return new EcartPayError({
    code: 'aborted',
    operation,
    message: `${operation}: cancelled by the caller`,
  });
}

function invalidResponse(operation: string, why: string): EcartPayError {
  return new EcartPayError({
    code: 'invalid_response' satisfies EcartPayErrorCode,
    operation,
    message: `${operation}: unexpected answer from Ecart Pay: ${why}`,
  });
}

function httpError(
  operation: string,
  status: number,
  body: unknown,
  redact: (text: string) => string,
): EcartPayError {
  const raw =
    typeof body === 'object' && body !== null && 'message' in body
      ? body.message
      : undefined;
  const apiMessage = typeof raw === 'string' ? redact(raw) : undefined;
  const detail = apiMessage === undefined ? '' : `: ${apiMessage}`;
  return new EcartPayError({
    code: 'http',
    operation,
    status,
    apiMessage,
    message: `${operation}: Ecart Pay answered ${status}${detail}`,
  });
}

/** Base64 of the UTF-8 bytes of `text` (`btoa` alone takes Latin-1). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}
