import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkify, safeHttpUrl } from './safe-url.ts';

test('safeHttpUrl keeps http(s) and refuses every other scheme', () => {
  const cases: [unknown, string | null][] = [
    ['https://example.test/a?b=1', 'https://example.test/a?b=1'],
    ['http://example.test', 'http://example.test/'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    [' javascript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vbscript:msgbox(1)', null],
    ['/relative/path', null],
    ['', null],
    [42, null],
    [null, null],
  ];
  for (const [input, expected] of cases) assert.equal(safeHttpUrl(input), expected, String(input));
});

test('linkify links http(s) URLs only and leaves punctuation outside', () => {
  assert.deepEqual(linkify('see https://example.test/x. and javascript:alert(1)'), [
    { text: 'see ' },
    { text: 'https://example.test/x', url: 'https://example.test/x' },
    { text: '. and javascript:alert(1)' },
  ]);
  assert.deepEqual(linkify('no links <img src=x onerror=alert(1)>'), [{ text: 'no links <img src=x onerror=alert(1)>' }]);
  assert.deepEqual(linkify('(http://a.test)'), [{ text: '(' }, { text: 'http://a.test', url: 'http://a.test/' }, { text: ')' }]);
});
