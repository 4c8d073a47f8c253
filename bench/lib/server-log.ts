/**
 * Stamps every HTTP request that any Node server of this process receives
 * (the shop's and the sandbox's alike) through Node's diagnostics channels,
 * so the bench can tell when the payment page was asked for without
 * touching the sandbox's code.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { epochNow } from './clock.ts';

export interface ServerEvent {
  phase: 'start' | 'finish';
  method: string;
  /** Origin of the server that received it, e.g. http://127.0.0.1:4010. */
  host: string;
  path: string;
  /** Node epoch milliseconds; see clock.ts. */
  at: number;
}

const events: ServerEvent[] = [];

function record(phase: ServerEvent['phase'], request: IncomingMessage) {
  events.push({
    phase,
    method: request.method ?? 'GET',
    host: request.headers.host ?? '',
    path: request.url ?? '/',
    at: epochNow(),
  });
}

let subscribed = false;

/** Starts recording; idempotent. */
export function recordServerEvents(): void {
  if (subscribed) return;
  subscribed = true;

  diagnostics.subscribe('http.server.request.start', (message) => {
    record('start', (message as { request: IncomingMessage }).request);
  });
  diagnostics.subscribe('http.server.response.finish', (message) => {
    record('finish', (message as { request: IncomingMessage }).request);
  });
}

/** Forgets what was recorded so far. */
export function clearServerEvents(): void {
  events.length = 0;
}

/** Recorded events matching `test`, oldest first. */
export function serverEvents(
  test: (event: ServerEvent) => boolean,
): ServerEvent[] {
  return events.filter(test);
}

/** The first recorded event matching `test`, waiting up to `timeoutMs`. */
export async function waitForServerEvent(
  test: (event: ServerEvent) => boolean,
  timeoutMs = 10_000,
): Promise<ServerEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.find(test);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no such request arrived');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Time a server took to answer the first `method path` recorded, in ms.
 * Waits for the answer's end to be recorded: Node may take a request on
 * another connection before it reports the end of this one.
 */
export async function handlerDuration(
  method: string,
  path: string,
): Promise<number> {
  const matches = (event: ServerEvent) =>
    event.method === method && event.path === path;
  const start = await waitForServerEvent(
    (event) => event.phase === 'start' && matches(event),
  );
  const finish = await waitForServerEvent(
    (event) => event.phase === 'finish' && matches(event),
  );
  return finish.at - start.at;
}
