/**
 * Requests to the merchant's backend, each with a timeout and a few
 * retries with back-off. Only failures that cannot have been the
 * backend's final word are retried: the network, a timeout, and the
 * gateway answers 502, 503 and 504. A 4xx or a 500 is answered once.
 */

/** Why a request failed; the element maps these onto its error codes. */
export type RequestFailure = 'network' | 'timeout' | 'http' | 'json';

export class RequestError extends Error {
  constructor(
    readonly failure: RequestFailure,
    readonly status?: number,
  ) {
    super(status === undefined ? failure : `${failure} ${status}`);
  }
}

export interface RetryPolicy {
  /** Per attempt. */
  timeoutMs: number;
  /** Pause before each retry; its length is the number of retries. */
  retryDelaysMs: readonly number[];
  /** Aborts the whole exchange, pauses included, without a result. */
  signal: AbortSignal;
}

const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/**
 * The JSON body of a successful answer to `request()`, retried under the
 * policy. `request` is called again for each attempt with that attempt's
 * signal, so headers such as an idempotency key stay the same.
 */
export async function fetchJson(
  request: (signal: AbortSignal) => Promise<Response>,
  policy: RetryPolicy,
): Promise<unknown> {
  return withRetries(async (signal) => {
    const response = await request(signal).catch((error: unknown) => {
      throw signal.aborted && !policy.signal.aborted
        ? new RequestError('timeout')
        : abortOr(error, policy.signal, new RequestError('network'));
    });
    if (!response.ok) throw new RequestError('http', response.status);
    return response.json().catch(() => {
      throw new RequestError('json');
    });
  }, policy);
}

/**
 * The result of `attempt()`, called again after each retryable failure.
 * `attempt` may throw `RequestError`s; any other error is treated as a
 * network failure, since the caller's own function threw it.
 */
export async function withRetries<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await withTimeout(attempt, policy);
    } catch (error) {
      const failure = asRequestError(error, policy.signal);
      const last = retry >= policy.retryDelaysMs.length;
      if (last || !isRetryable(failure)) throw failure;
      await pause(policy.retryDelaysMs[retry], policy.signal);
    }
  }
}

function isRetryable(error: RequestError): boolean {
  if (error.failure === 'network' || error.failure === 'timeout') return true;
  return error.failure === 'http' && RETRYABLE_STATUSES.has(error.status!);
}

function asRequestError(error: unknown, outer: AbortSignal): RequestError {
  if (outer.aborted) throw outer.reason;
  return error instanceof RequestError ? error : new RequestError('network');
}

function abortOr(error: unknown, outer: AbortSignal, fallback: Error) {
  return outer.aborted ? outer.reason ?? error : fallback;
}

/** Runs `attempt` with a signal that aborts on timeout or from outside. */
async function withTimeout<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort(policy.signal.reason);
  policy.signal.addEventListener('abort', abort, { once: true });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new RequestError('timeout'));
    }, policy.timeoutMs);
  });

  try {
    return await Promise.race([attempt(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
    policy.signal.removeEventListener('abort', abort);
  }
}

/** Waits `ms`, or rejects with the signal's reason when it aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      signal.removeEventListener('abort', aborted);
      resolve();
    };
    const aborted = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', aborted, { once: true });
  });
}
