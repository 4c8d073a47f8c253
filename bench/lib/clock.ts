/**
 * One clock for the browser and Node. Node stamps requests with
 * `performance.timeOrigin + performance.now()` (milliseconds since the
 * epoch, sub-millisecond); a page reads the same quantity, and
 * {@link CLOCK_SYNC_SCRIPT} corrects the small skew between the two
 * processes the way NTP does, from the round trip with the least delay.
 */
import { performance } from 'node:perf_hooks';

export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Browser side: defines `window.__benchClockOffset()`, which resolves to
 * how many milliseconds to add to a page epoch time to get Node's. The
 * server answers `GET /__clock` with its {@link epochNow}.
 */
export const CLOCK_SYNC_SCRIPT = `
window.__benchClockOffset = async function (rounds = 8) {
  let best = { delay: Infinity, offset: 0 };
  for (let i = 0; i < rounds; i++) {
    const sent = performance.timeOrigin + performance.now();
    const response = await fetch('/__clock', { cache: 'no-store' });
    const serverTime = Number(await response.text());
    const received = performance.timeOrigin + performance.now();
    const delay = received - sent;
    if (delay < best.delay) {
      best = { delay, offset: serverTime - (sent + received) / 2 };
    }
  }
  return best.offset;
};
`;
