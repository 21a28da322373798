import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SETTINGS } from './config.ts';

test('the README documents every setting', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const missing = Object.values(SETTINGS).filter((s) => !readme.includes(`\`${s.env}\``)).map((s) => s.env);
  assert.deepEqual(missing, []);
});
