/**
 * A Chromium trace of one page, recorded over the DevTools protocol: the
 * events DevTools' Performance panel draws (script, style, layout, paint,
 * requests, navigations), without its JavaScript sampler, to keep the
 * trace's own cost on the page down.
 */
import type { CDPSession, Page } from 'playwright-core';
import { bounded } from './bounded.ts';

/** One event as Chromium writes it (Trace Event Format). */
export interface TraceEvent {
  name: string;
  cat: string;
  /** 'X' complete, 'B'/'E' begin/end, 'I' instant, 'M' metadata... */
  ph: string;
  /** Microseconds on the browser's monotonic trace clock. */
  ts: number;
  /** For 'X': microseconds. */
  dur?: number;
  pid: number;
  tid: number;
  /** Timeline events keep their details in `data`, others at the top. */
  args?: { data?: Record<string, unknown>; url?: string };
}

/**
 * `devtools.timeline` has script entries, style, layout, paint and
 * requests; its disabled-by-default half has the compositing commit and
 * script evaluation; `v8.execute` has the microtask checkpoints;
 * `navigation` has the renderer handing a navigation to the browser.
 */
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'navigation',
];

/** Records traces of one page, one at a time. */
export class PageTracer {
  private events: TraceEvent[] = [];

  private constructor(private readonly session: CDPSession) {
    session.on('Tracing.dataCollected', ({ value }) => {
      this.events.push(...(value as unknown as TraceEvent[]));
    });
  }

  static async on(page: Page): Promise<PageTracer> {
    return new PageTracer(await page.context().newCDPSession(page));
  }

  /** Traces the page while `action` runs; resolves with the events. */
  async record(action: () => Promise<void>): Promise<TraceEvent[]> {
    await this.start();
    try {
      await action();
    } finally {
      await this.stop();
    }
    return this.events;
  }

  private async start(): Promise<void> {
    this.events = [];
    await this.session.send('Tracing.start', {
      traceConfig: { includedCategories: CATEGORIES },
      transferMode: 'ReportEvents',
    });
  }

  private async stop(): Promise<void> {
    const complete = new Promise<void>((resolve) =>
      this.session.once('Tracing.tracingComplete', () => resolve()),
    );
    await this.session.send('Tracing.end');
    await bounded(complete, 'the end of the trace');
  }

  async detach(): Promise<void> {
    await this.session.detach();
  }
}
