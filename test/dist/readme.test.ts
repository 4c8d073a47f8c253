/**
 * The README's API reference of the element is generated from its JSDoc
 * (through custom-elements.json): a change to the element's public API
 * that was not carried into the README fails here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { ensureBuilt, root } from './support/package.ts';

before(ensureBuilt);

test('the README documents the element as its JSDoc does', () => {
  const script = join(root, 'scripts/element-api-docs.mjs');
  const result = spawnSync(
    process.execPath,
    [script, 'custom-elements.json', '--check', 'README.md'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stderr);
});
