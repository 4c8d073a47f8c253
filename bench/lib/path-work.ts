/**
 * The page's own main-thread work between a click and a navigation,
 * read from a trace (trace.ts): how long the renderer's main thread ran
 * the page's script, and how long it styled, laid out and painted, with
 * every moment counted once however deeply its events nest.
 *
 * The window opens when the click's dispatch starts (the time before it,
 * input delivery, is the browser's) and closes when the page hands the
 * navigation the caller names (a frame's or the tab's) to the browser.
 * What the browser does next before the request leaves (choosing a
 * process, its navigation throttles) is not the page's: 1 to 10 ms here,
 * more for a whole tab than for a frame.
 *
 * The order request the caller names cuts the window in three, each
 * moment going to the phase its time falls in:
 * 1. before the request: the click's dispatch to the renderer sending
 *    the request (`ResourceSendRequest`, stamped on the main thread
 *    inside the `fetch()` call that sends it);
 * 2. while the backend works: from there to the answer's end as the
 *    network stamped it (`ResourceFinish`'s `finishTime`, what Resource
 *    Timing calls `responseEnd`), not when the main thread took it in:
 *    that moment comes later behind a busy main thread, and would hide
 *    the very delay phase 2 can cause;
 * 3. after the answer: from there to the handoff.
 * Work in phase 2 overlaps the wait, so it delays the navigation only by
 * what of it is still running when the answer has come, and that part
 * falls in phase 3 by time. So the critical path is phases 1 and 3, and
 * `carriedPastAnswer` says how much of phase 3 is tasks begun before the
 * answer. This takes the main thread to be the path outside the wait:
 * before the request leaves and after the answer, the navigation waits
 * for whatever runs there.
 *
 * Script is the wall time of the outermost entries into JavaScript, so
 * it holds what the browser does synchronously for the calls made there:
 * starting a fetch, creating a frame and its first empty document,
 * dispatching `beforeunload`. Only style and layout forced inside it
 * move to the rendering figure, and the bench's own listeners are taken
 * out.
 */
import type { TraceEvent } from './trace.ts';

/** Entries into JavaScript, as the trace names them. */
const SCRIPT_ENTRIES = new Set([
  'FunctionCall',
  'RunMicrotasks',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'EvaluateScript',
  'v8.evaluateModule',
  'XHRReadyStateChange',
  'XHRLoad',
]);

/** Style, layout, paint and compositing, as the trace names them. */
const RENDERING = new Set([
  'UpdateLayoutTree',
  'Layout',
  'HitTest',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'ParseAuthorStyleSheet',
]);

type Kind = 'script' | 'rendering' | 'bench' | 'other';

/** One timed event of the main thread, in microseconds. */
interface Span {
  name: string;
  start: number;
  end: number;
  data: Record<string, unknown>;
  children: Span[];
  kind: Kind;
}

export interface PathWorkOptions {
  /** Whether a navigation's URL is the one that closes the window. */
  isTarget(url: string): boolean;
  /** Whether a request's URL is the order request the page waits for. */
  isOrderRequest(url: string): boolean;
  /** Whether a `FunctionCall`'s data is the bench's code, not the page's. */
  isBench(call: Record<string, unknown>): boolean;
}

/** Milliseconds of main-thread work of each kind in part of the window. */
export interface Work {
  /** The page's JavaScript, less the style and layout it forced. */
  script: number;
  /** Style, layout, paint and compositing commit, forced or in frames. */
  rendering: number;
  /** The bench's own listeners, left out of `script`. */
  bench: number;
}

/** Milliseconds of main-thread work from the click to the navigation. */
export interface PathWork {
  /** Click dispatch to the navigation handed to the browser. */
  window: number;
  /** Click dispatch to the order request sent. */
  requestSent: number;
  /** Click dispatch to the order's answer received in full. */
  answered: number;
  /** The whole window. */
  all: Work;
  /** Phase 1: click dispatch to the order request sent. */
  beforeRequest: Work;
  /** Phase 2: request sent to answer received, overlapping the wait. */
  whileBackendWorks: Work;
  /** Phase 3: answer received to navigation handed on. */
  afterAnswer: Work;
  /** Of phase 3: tasks begun before the answer, from the answer on. */
  carriedPastAnswer: Work;
  /** Phases 1 and 3: what the navigation waited for. */
  criticalPath: Work;
  /** The window's events, one a line, for checking it by eye. */
  describe(): string;
}

function dataOf(event: TraceEvent): Record<string, unknown> {
  return event.args?.data ?? {};
}

/** The click's dispatch: the one the bench's mouse caused. */
function clickDispatch(events: TraceEvent[]): TraceEvent {
  const clicks = events.filter(
    (event) =>
      event.name === 'EventDispatch' &&
      event.ph === 'X' &&
      dataOf(event).type === 'click',
  );
  if (clicks.length !== 1) {
    throw new Error(`the trace has ${clicks.length} clicks, not 1`);
  }
  return clicks[0]!;
}

/**
 * When the page handed the target navigation to the browser: the end of
 * the renderer's `RenderFrameImpl::BeginNavigation` for its URL, which
 * sends the browser the request to navigate (the frame's `beforeunload`
 * runs inside it). From there the browser starts the request on its own.
 */
function navigationHandedOn(
  events: TraceEvent[],
  after: number,
  options: PathWorkOptions,
): number {
  const begun = events.filter(
    (event) =>
      event.name === 'RenderFrameImpl::BeginNavigation' &&
      event.ph === 'X' &&
      event.ts >= after &&
      options.isTarget(event.args?.url ?? ''),
  );
  if (begun.length === 0) {
    throw new Error('the trace has no navigation to the target');
  }
  return Math.min(...begun.map((event) => event.ts + (event.dur ?? 0)));
}

/** When the order request left and its answer was in, in trace time. */
interface OrderRequest {
  sent: number;
  answered: number;
}

/**
 * The first order request after the click: its `ResourceSendRequest`,
 * and the `finishTime` (seconds on the trace's clock) of the
 * `ResourceFinish` with the same request id.
 */
function orderRequest(
  events: TraceEvent[],
  after: number,
  options: PathWorkOptions,
): OrderRequest {
  const sent = events
    .filter(
      (event) =>
        event.name === 'ResourceSendRequest' &&
        event.ts >= after &&
        options.isOrderRequest(String(dataOf(event).url ?? '')),
    )
    .sort((a, b) => a.ts - b.ts)[0];
  if (!sent) throw new Error('the trace has no order request');
  const id = dataOf(sent).requestId;
  const finished = events.find(
    (event) =>
      event.name === 'ResourceFinish' && dataOf(event).requestId === id,
  );
  const finishTime = Number(finished && dataOf(finished).finishTime);
  if (!finished || dataOf(finished).didFail || !(finishTime > 0)) {
    throw new Error('the trace has no successful end of the order request');
  }
  return { sent: sent.ts, answered: finishTime * 1e6 };
}

/** A thread's timed events, nested as they ran. */
function threadSpans(events: TraceEvent[], pid: number, tid: number) {
  const spans: Span[] = [];
  const open: TraceEvent[] = [];
  const span = (event: TraceEvent, end: number): Span => ({
    name: event.name,
    start: event.ts,
    end,
    data: dataOf(event),
    children: [],
    kind: 'other',
  });
  const ordered = events
    .filter((event) => event.pid === pid && event.tid === tid)
    .sort((a, b) => a.ts - b.ts);
  for (const event of ordered) {
    if (event.ph === 'X') spans.push(span(event, event.ts + (event.dur ?? 0)));
    if (event.ph === 'B') open.push(event);
    if (event.ph === 'E' && open.length > 0) {
      spans.push(span(open.pop()!, event.ts));
    }
  }
  return nest(spans);
}

/** Top-level spans, each holding what ran inside it. */
function nest(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const roots: Span[] = [];
  const stack: Span[] = [];
  for (const span of spans) {
    while (stack.length > 0 && stack.at(-1)!.end <= span.start) stack.pop();
    (stack.at(-1)?.children ?? roots).push(span);
    stack.push(span);
  }
  return roots;
}

function hasPageScript(span: Span, options: PathWorkOptions): boolean {
  return span.children.some(
    (child) =>
      (SCRIPT_ENTRIES.has(child.name) && !isBenchCall(child, options)) ||
      hasPageScript(child, options),
  );
}

function isBenchCall(span: Span, options: PathWorkOptions): boolean {
  return span.name === 'FunctionCall' && options.isBench(span.data);
}

/**
 * What a span's own time is: the kind of the innermost span around it
 * that is one. An event dispatch is script only if a listener of the
 * page ran in it.
 */
function ownKind(span: Span, options: PathWorkOptions): Kind | undefined {
  if (isBenchCall(span, options)) return 'bench';
  if (RENDERING.has(span.name)) return 'rendering';
  if (SCRIPT_ENTRIES.has(span.name)) return 'script';
  if (span.name === 'EventDispatch' && hasPageScript(span, options)) {
    return 'script';
  }
  return undefined;
}

function classify(spans: Span[], outer: Kind, options: PathWorkOptions) {
  for (const span of spans) {
    span.kind = outer === 'bench' ? 'bench' : (ownKind(span, options) ?? outer);
    classify(span.children, span.kind, options);
  }
}

/** Microseconds of `span` inside [from, to]. */
function overlap(span: Span, from: number, to: number): number {
  return Math.max(0, Math.min(span.end, to) - Math.max(span.start, from));
}

/** Adds each span's own time in [from, to], less its children's. */
function sumOwnTimes(
  spans: Span[],
  from: number,
  to: number,
  totals: Record<Kind, number>,
) {
  for (const span of spans) {
    const inside = span.children.reduce(
      (sum, child) => sum + overlap(child, from, to),
      0,
    );
    totals[span.kind] += Math.max(0, overlap(span, from, to) - inside);
    sumOwnTimes(span.children, from, to, totals);
  }
}

/** The spans' own times in [from, to], in milliseconds. */
function workIn(spans: Span[], from: number, to: number): Work {
  const totals: Record<Kind, number> = {
    script: 0,
    rendering: 0,
    bench: 0,
    other: 0,
  };
  sumOwnTimes(spans, from, to, totals);
  return {
    script: totals.script / 1000,
    rendering: totals.rendering / 1000,
    bench: totals.bench / 1000,
  };
}

function sumWork(a: Work, b: Work): Work {
  return {
    script: a.script + b.script,
    rendering: a.rendering + b.rendering,
    bench: a.bench + b.bench,
  };
}

function describeSpans(spans: Span[], from: number, to: number): string {
  const lines: string[] = [];
  const walk = (list: Span[], depth: number) => {
    for (const span of list) {
      if (span.end < from || span.start > to) continue;
      const detail = ['type', 'functionName', 'url', 'lineNumber']
        .filter((key) => span.data[key] !== undefined)
        .map((key) => `${key}=${String(span.data[key]).slice(0, 60)}`);
      lines.push(
        `${'  '.repeat(depth)}+${((span.start - from) / 1000).toFixed(2)} ` +
          `${((span.end - span.start) / 1000).toFixed(2)} ms ` +
          `${span.name} [${span.kind}] ${detail.join(' ')}`,
      );
      walk(span.children, depth + 1);
    }
  };
  walk(spans, 0);
  return lines.join('\n');
}

/** Keeps `value` within [from, to]. */
function clamp(value: number, from: number, to: number): number {
  return Math.min(Math.max(value, from), to);
}

/**
 * The page's main-thread work from the click to the target navigation,
 * whole and by phase of the order request.
 */
export function pathWork(
  events: TraceEvent[],
  options: PathWorkOptions,
): PathWork {
  const click = clickDispatch(events);
  const from = click.ts;
  const to = navigationHandedOn(events, from, options);
  const order = orderRequest(events, from, options);
  const sent = clamp(order.sent, from, to);
  const answered = clamp(order.answered, sent, to);

  const spans = threadSpans(events, click.pid, click.tid);
  classify(spans, 'other', options);
  const beforeRequest = workIn(spans, from, sent);
  const afterAnswer = workIn(spans, answered, to);
  const runningAtAnswer = spans.filter(
    (span) => span.start < answered && span.end > answered,
  );
  const sinceClick = (at: number) => (at - from) / 1000;
  return {
    window: sinceClick(to),
    requestSent: sinceClick(sent),
    answered: sinceClick(answered),
    all: workIn(spans, from, to),
    beforeRequest,
    whileBackendWorks: workIn(spans, sent, answered),
    afterAnswer,
    carriedPastAnswer: workIn(runningAtAnswer, answered, to),
    criticalPath: sumWork(beforeRequest, afterAnswer),
    describe: () => describeSpans(spans, from, to),
  };
}
