import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { startMerchantFixtures } from './test/element/fixtures/merchant.mjs';

// Debian's Chromium by default; CHROME_PATH points at any other Chrome.
const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

// Without these Chromium keeps dialling Google's services on a closed
// network; --no-sandbox is needed when the tests run as root (CI).
const chromeArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Prints one plain `wtr: N passed, N failed, N skipped` line after the run,
 * so that test/run.mjs and CI can tell how many tests ran.
 */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const visit = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) counts.skipped++;
          else if (test.passed) counts.passed++;
          else counts.failed++;
        }
        for (const child of suite.suites) visit(child);
      };
      for (const session of sessions) {
        if (session.testResults) visit(session.testResults);
        // A file that failed to load has no results but is still a failure.
        else if (!session.passed) counts.failed++;
      }
      const line =
        `wtr: ${counts.passed} passed, ${counts.failed} failed, ` +
        `${counts.skipped} skipped`;
      process.stdout.write(`\n${line}\n`);
    },
  };
}

// The merchant endpoint answers on the test page's origin; the pay page
// is served from a second origin, as Ecart Pay's is in production.
const merchant = await startMerchantFixtures();

/** Stops the fixtures' servers with the dev server. */
function fixturesPlugin() {
  return {
    name: 'ecartpay-fixtures',
    async serverStop() {
      await merchant.close();
    },
  };
}

export default {
  files: ['test/element/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  // Files that wait out retry back-offs take a while on two busy cores.
  testsFinishTimeout: 300000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: chromeArgs },
    }),
  ],
  middleware: [merchant.middleware],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }),
    fixturesPlugin(),
  ],
  reporters: [defaultReporter(), countReporter()],
};
