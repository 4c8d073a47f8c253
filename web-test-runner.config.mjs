import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { register } from 'tsx/esm/api';
import { startMerchantFixtures } from './test/element/fixtures/merchant.mjs';

// The sandbox and the server toolkit are TypeScript.
register();
const { startSandboxMerchant, SANDBOX_CHECKOUT_PATH } = await import(
  './test/element/fixtures/sandbox-merchant.ts'
);
const { CHROMIUM_PATH, CHROMIUM_ARGS } = await import('./test/chromium.ts');

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

// Merchant endpoints answer on the test page's origin; pay pages are
// served from second origins, as Ecart Pay's is in production: a
// scripted fixture for hostile answers, and the project's own sandbox
// behind its own checkout handler.
const merchant = await startMerchantFixtures();
const real = await startSandboxMerchant();

/**
 * Stops the fixtures with the dev server, and gives tests commands
 * (`executeServerCommand`) to reach the sandbox and to act inside its
 * cross-origin frame as a customer would, with real key presses.
 */
function fixturesPlugin() {
  return {
    name: 'ecartpay-fixtures',
    async serverStop() {
      await Promise.all([merchant.close(), real.close()]);
    },
    async executeCommand({ command, payload, session }) {
      const page = () => session.browser.getPage(session.id);
      switch (command) {
        case 'sandbox-info':
          return { url: real.sandbox.url, endpoint: SANDBOX_CHECKOUT_PATH };
        case 'sandbox-refuse-framing':
          real.sandbox.setRefuseFraming(Boolean(payload?.on));
          return true;
        case 'sandbox-mark-paid':
          real.sandbox.markPaid(payload.id);
          return true;
        case 'sandbox-pay-by-card':
          await real.payByCard(page(), payload.id, payload.number);
          return true;
        case 'sandbox-answer-challenge':
          await real.answerChallenge(page(), payload.id, payload.outcome);
          return true;
        case 'sandbox-pay-in-cash':
          await real.payInCash(page(), payload.id);
          return true;
        default:
          return undefined;
      }
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
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  middleware: [merchant.middleware, real.middleware],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }),
    a11ySnapshotPlugin(),
    fixturesPlugin(),
  ],
  reporters: [defaultReporter(), countReporter()],
};
