/**
 * Starts the system Chromium the way this machine needs it (see
 * TOOLCHAIN.md): headless, no sandbox as root, and none of the background
 * services that would dial out on a closed network and add noise.
 */
import { chromium, type Browser } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/chromium.ts';

export { CHROMIUM_PATH };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
