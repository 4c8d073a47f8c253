/**
 * How every suite, and the bench, starts Chromium: Debian's by default,
 * any other Chrome or Chromium through CHROME_PATH.
 */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * Without the `--disable-*` flags Chromium keeps dialling Google's
 * services, which a closed network refuses many times a second;
 * `--no-sandbox` is needed when it runs as root, as in CI.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
