/**
 * 2. Click to window: from the customer's click to the first frame that
 * shows the open payment window, for our element and for a bare native
 * `<dialog>` opened by `showModal()` on the same page, clicked the same
 * way, alternately, so both see the same machine.
 */
import type { Page } from 'playwright-core';
import { bounded } from '../lib/bounded.ts';
import { clickCentre, untilIdle } from '../lib/element-page.ts';
import { median, p95 } from '../lib/stats.ts';
import { ms, ratio, verdict, type Row } from '../lib/table.ts';

/** Per side; the target is a p95, which wants many samples. */
const RUNS = 50;
const WARM_UP_RUNS = 3;
const FRAME_MS = 1000 / 60;

export interface ClickTarget {
  /** Playwright selector of what the customer clicks. */
  trigger: string;
  /** Name of the probe's test that says the window is open. */
  openTest: string;
  /** Closes the window and resolves when it is closed and idle again. */
  close(page: Page): Promise<void>;
}

interface ClickSample {
  /** Click to the end of the rendering of the frame that shows it. */
  toPainted: number;
  /** That frame's rendering alone: style, layout, paint. */
  rendering: number;
  /** Whether it was the first frame after the click. */
  firstFrame: boolean;
}

/** One real mouse click on `target`, timed by the page's probe. */
export async function clickToFrame(
  page: Page,
  target: ClickTarget,
): Promise<ClickSample> {
  // A customer's click lands on a settled page, not in the middle of
  // the previous window's clean-up.
  await untilIdle(page, 500);
  await page.evaluate((test) => window.__bench.arm(test), target.openTest);
  await clickCentre(page, target.trigger, { fixed: true });
  const shown = await bounded(
    page.evaluate(() => window.__bench.pending!),
    `the window opened by ${target.trigger}`,
  );
  return {
    toPainted: shown.paintedAt - shown.clickAt,
    rendering: shown.paintedAt - shown.frameAt,
    firstFrame: shown.frames === 1,
  };
}

/** Rows for our element against the bare dialog. */
export async function measureClickToWindow(
  page: Page,
  ours: ClickTarget,
  reference: ClickTarget,
): Promise<Row[]> {
  const samples = {
    ours: [] as ClickSample[],
    reference: [] as ClickSample[],
  };

  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    const order: Array<keyof typeof samples> =
      run % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours'];
    for (const side of order) {
      const target = side === 'ours' ? ours : reference;
      const sample = await clickToFrame(page, target);
      await target.close(page);
      if (run >= WARM_UP_RUNS) samples[side].push(sample);
    }
  }

  return summarise(samples.ours, samples.reference);
}

function summarise(ours: ClickSample[], reference: ClickSample[]): Row[] {
  const name = `click to window (${RUNS} clicks)`;
  const bare = 'bare dialog';
  const toPainted = (samples: ClickSample[]) =>
    samples.map((sample) => sample.toPainted);
  const rendering = (samples: ClickSample[]) =>
    samples.map((sample) => sample.rendering);
  const firstFrameShare = (samples: ClickSample[]) =>
    samples.filter((sample) => sample.firstFrame).length / samples.length;
  const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

  const row = (
    measure: string,
    figure: (samples: ClickSample[]) => number,
    format: (value: number) => string,
  ): Row => ({
    measure: `${name}, ${measure}`,
    ours: format(figure(ours)),
    reference: `${format(figure(reference))} ${bare}`,
    ratio: ratio(figure(ours), figure(reference)),
    target: '',
    verdict: '',
  });

  const oursP95 = p95(toPainted(ours));
  return [
    row('median', (samples) => median(toPainted(samples)), ms),
    {
      ...row('p95', (samples) => p95(toPainted(samples)), ms),
      target: `p95 <= ${ms(FRAME_MS)}`,
      verdict: verdict(oursP95 <= FRAME_MS),
    },
    row('shown in the first frame', firstFrameShare, percent),
    row(
      "that frame's rendering, median",
      (samples) => median(rendering(samples)),
      ms,
    ),
  ];
}
