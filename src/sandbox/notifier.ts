import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import {
  SIGNATURE_HEADERS,
  type WebhookEnvelope,
  type WebhookEvent,
} from '../shared/ecartpay.ts';
import { signWebhook } from '../shared/webhook-signature.ts';

/**
 * Ecart Pay retries "about five times, 10 to 30 seconds apart": five
 * retries after the first attempt, spread over that range.
 */
export const DEFAULT_RETRY_DELAYS_MS = [10_000, 15_000, 20_000, 25_000, 30_000];

/** A receiver must answer within five seconds, or the attempt failed. */
export const DELIVERY_TIMEOUT_MS = 5_000;

/** One POST to a `notify_url`. */
export interface DeliveryAttempt {
  /** When the attempt started (ISO 8601). */
  at: string;
  /** The `x-pay-timestamp` sent: fresh on every attempt. */
  timestamp: string;
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number;
  /** Why no answer came (timeout, refused connection...). */
  error?: string;
}

/** One notification and its attempts, as the delivery log shows it. */
export interface NotificationDelivery {
  /** Sent as `x-pay-webhook-id`; the same on every retry. */
  webhookId: string;
  event: WebhookEvent;
  url: string;
  data: WebhookEnvelope['data'];
  /**
   * `pending` while attempts remain, `delivered` after a 2xx, `failed`
   * after a 4xx or the last retry, `cancelled` when the sandbox closed.
   */
  state: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: DeliveryAttempt[];
}

export interface NotifierOptions {
  /** Signs deliveries when set; `null` sends them unsigned. */
  secret: string | null;
  retryDelaysMs: readonly number[];
  timeoutMs?: number;
}

type Outcome = 'delivered' | 'rejected' | 'retry';

/**
 * Posts notifications to `notify_url`s the way Ecart Pay does: any 2xx
 * is delivered, a 4xx is final, anything else (5xx, 3xx, timeout, no
 * connection) is retried after the next delay. `close()` stops every
 * retry and every request in flight, leaving no timer behind.
 */
export class Notifier {
  readonly #options: NotifierOptions;
  readonly #log: NotificationDelivery[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #wakers = new Set<() => void>();
  readonly #requests = new Set<() => void>();
  readonly #idleWaiters: (() => void)[] = [];
  #pending = 0;
  #closed = false;

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  /** Starts delivering `data` to `url`; returns its log entry's id. */
  notify(
    url: string,
    event: WebhookEvent,
    data: WebhookEnvelope['data'],
  ): string {
    const delivery: NotificationDelivery = {
      webhookId: randomBytes(12).toString('hex'),
      event,
      url,
      data,
      state: 'pending',
      attempts: [],
    };
    this.#log.push(delivery);

    this.#pending += 1;
    void this.#deliver(delivery).finally(() => this.#settle());
    return delivery.webhookId;
  }

  /** A copy of every delivery so far, oldest first. */
  deliveries(): NotificationDelivery[] {
    return structuredClone(this.#log);
  }

  /** Resolves once no delivery is pending (delivered, failed, cancelled). */
  idle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Cancels pending retries and aborts requests in flight. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const wake of this.#wakers) wake();
    for (const abort of this.#requests) abort();
  }

  async #deliver(delivery: NotificationDelivery): Promise<void> {
    const delays = this.#options.retryDelaysMs;

    for (let attempt = 0; !this.#closed; attempt += 1) {
      const outcome = await this.#attempt(delivery);
      if (outcome !== 'retry') {
        delivery.state = outcome === 'delivered' ? 'delivered' : 'failed';
        return;
      }
      if (this.#closed) break;
      if (attempt >= delays.length) {
        delivery.state = 'failed';
        return;
      }
      await this.#sleep(delays[attempt]!);
    }
    delivery.state = 'cancelled';
  }

  async #attempt(delivery: NotificationDelivery): Promise<Outcome> {
    const timestamp = String(Date.now());
    const record: DeliveryAttempt = {
      at: new Date().toISOString(),
      timestamp,
    };
    delivery.attempts.push(record);

    const envelope: WebhookEnvelope = {
      event: delivery.event,
      data: delivery.data,
    };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'EcartPaySandbox',
      [SIGNATURE_HEADERS.timestamp]: timestamp,
      [SIGNATURE_HEADERS.webhookId]: delivery.webhookId,
    };
    if (this.#options.secret !== null) {
      headers[SIGNATURE_HEADERS.signature] = await signWebhook(
        this.#options.secret,
        timestamp,
        delivery.webhookId,
        delivery.data,
      );
    }

    try {
      const status = await this.#post(
        delivery.url,
        headers,
        JSON.stringify(envelope),
      );
      record.statusCode = status;
      if (status >= 200 && status < 300) return 'delivered';
      if (status >= 400 && status < 500) return 'rejected';
      return 'retry';
    } catch (error) {
      record.error = (error as Error).message;
      return 'retry';
    }
  }

  /**
   * One POST without keep-alive, so that no pooled socket outlives the
   * sandbox, and with a hard deadline for the whole exchange.
   */
  #post(
    url: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<number> {
    // Signing is asynchronous: the sandbox may have closed meanwhile.
    if (this.#closed) return Promise.reject(new Error('Sandbox closed'));

    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const timeoutMs = this.#options.timeoutMs ?? DELIVERY_TIMEOUT_MS;

    return new Promise((resolve, reject) => {
      const req = send(target, {
        method: 'POST',
        agent: false,
        headers: {
          ...headers,
          connection: 'close',
          'content-length': String(Buffer.byteLength(body)),
        },
      });

      const done = () => {
        clearTimeout(timer);
        this.#requests.delete(abort);
      };
      const fail = (message: string) => {
        done();
        req.destroy();
        reject(new Error(message));
      };
      const timer = setTimeout(
        () => fail(`No answer within ${timeoutMs} ms`),
        timeoutMs,
      );
      const abort = () => fail('Sandbox closed');
      this.#requests.add(abort);

      req.on('response', (res) => {
        res.resume();
        res.on('end', () => {
          done();
          resolve(res.statusCode ?? 0);
        });
        res.on('error', (error) => {
          done();
          reject(error);
        });
      });
      req.on('error', (error) => {
        done();
        reject(error);
      });
      req.end(body);
    });
  }

  #sleep(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#timers.delete(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#timers.add(timer);
      this.#wakers.add(wake);
    });
  }

  #settle(): void {
    this.#pending -= 1;
    if (this.#pending > 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
