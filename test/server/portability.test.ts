import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('../../src/server/', import.meta.url);
const sources = readdirSync(dir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({
    name,
    text: withoutComments(readFileSync(new URL(name, dir), 'utf8')),
  }));

/** The source without its comments, whose examples may show Node code. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

test('the toolkit imports only web-standard APIs, zod and shared code', () => {
  assert.ok(sources.length > 5);
  for (const { name, text } of sources) {
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    for (const source of imports) {
      assert.ok(
        source === 'zod' ||
          source.startsWith('./') ||
          source.startsWith('../shared/'),
        `${name} imports ${source}`,
      );
    }
    for (const nodeOnly of [/\bBuffer\b/, /\bprocess\./, /\brequire\(/]) {
      assert.ok(!nodeOnly.test(text), `${name} uses ${nodeOnly}`);
    }
  }
});

test('no console output in the toolkit', () => {
  for (const { name, text } of sources) {
    assert.ok(!/console\.\w+\(/.test(text), `${name} writes to the console`);
  }
});
