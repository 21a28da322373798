import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonObject } from './json-input.ts';

test('parseJsonObject accepts objects and explains everything else', () => {
  const cases: [string, boolean, string | Record<string, unknown> | null][] = [
    ['{"name": "WA"}', false, { name: 'WA' }],
    ['  ', true, null],
    ['', false, 'paste the JSON'],
    ['[1, 2]', false, 'must be a JSON object'],
    ['"text"', true, 'must be a JSON object'],
    ['{"name": ', false, 'not valid JSON'],
  ];
  for (const [text, optional, expected] of cases) {
    const result = parseJsonObject(text, optional);
    if (typeof expected === 'string') assert.ok('error' in result && result.error.startsWith(expected), `${text}: ${JSON.stringify(result)}`);
    else assert.deepEqual(result, { value: expected }, text);
  }
});
