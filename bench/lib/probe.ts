/**
 * Browser side of the timing measurements, inlined in every bench page.
 *
 * A frame "shows" a change when the change is in place at the start of
 * that frame's requestAnimationFrame callbacks: style, layout and paint
 * follow in the same rendering task. A message posted from that callback
 * runs right after the rendering task, so its time is when the frame was
 * handed to the compositor. Clicks are stamped with the event's own
 * `timeStamp`, the time the browser received the input, so input queueing
 * counts against the page as the customer feels it.
 */
import { CLOCK_SYNC_SCRIPT } from './clock.ts';

export const PROBE_SCRIPT = `
${CLOCK_SYNC_SCRIPT}
window.__bench = (() => {
  let armed = null;
  const bench = { clickAt: NaN, pending: null, tests: {} };

  bench.deepQueryAll = (root, selector) => {
    const found = [...root.querySelectorAll(selector)];
    for (const element of [root, ...root.querySelectorAll('*')]) {
      if (element.shadowRoot) {
        found.push(...bench.deepQueryAll(element.shadowRoot, selector));
      }
    }
    return found;
  };

  bench.anyDialogOpen = (root) =>
    bench.deepQueryAll(root, 'dialog').some((dialog) => dialog.open);

  // Resolves with the frame that first shows what \`test\` checks: when its
  // rendering began, when it was handed on, and how many frames it took.
  bench.afterFrameWhen = (test) => new Promise((resolve) => {
    let frames = 0;
    const tick = () => {
      frames++;
      if (!test()) return requestAnimationFrame(tick);
      const frameAt = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () =>
        resolve({ frameAt, paintedAt: performance.now(), frames });
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(tick);
  });

  bench.arm = (testName) => {
    bench.clickAt = NaN;
    armed = bench.tests[testName];
    bench.pending = new Promise((resolve) => { bench.resolve = resolve; });
  };

  addEventListener('click', (event) => {
    // A click that leaves the page is reported out before it goes.
    if (window.__benchClicked) {
      window.__benchClicked(performance.timeOrigin + event.timeStamp);
    }
    if (!armed) return;
    const test = armed;
    armed = null;
    bench.clickAt = event.timeStamp;
    bench.afterFrameWhen(test).then((frame) =>
      bench.resolve({ clickAt: bench.clickAt, ...frame }));
  }, true);

  return bench;
})();
`;
