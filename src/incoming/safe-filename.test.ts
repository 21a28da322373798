import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeFilename } from './safe-filename.ts';

const cases: [string, string][] = [
  ['report.pdf', 'report.pdf'],
  ['../../x', 'x'],
  ['..\\..\\windows\\system.ini', 'system.ini'],
  ['/etc/passwd', 'passwd'],
  ['..', 'file'],
  ['.hidden', 'hidden'],
  ['a\u0000b\nc.txt', 'a_b_c.txt'],
  ['quote".txt', 'quote_.txt'],
  ['', 'file'],
  ['x'.repeat(500), 'x'.repeat(200)],
];
for (const [input, expected] of cases) {
  test(`safeFilename(${JSON.stringify(input.slice(0, 30))})`, () => assert.equal(safeFilename(input), expected));
}
