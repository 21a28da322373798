import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDurationMs, parseRetrySchedule } from './durations.ts';

const parseCases: Array<{ text: string; seconds: number[] }> = [
  { text: '500ms, 1s ,2m', seconds: [0.5, 1, 120] },
  { text: '1d', seconds: [86_400] },
  { text: '1.5h', seconds: [5400] },
];
for (const c of parseCases) {
  test(`parses "${c.text}"`, () => assert.deepEqual(parseRetrySchedule(c.text), c.seconds));
}

for (const bad of ['', '5', '5x', 's', '5s,,5s', '-5s', '5 s', '5S', 'soon']) {
  test(`rejects schedule "${bad}"`, () => {
    assert.throws(() => parseRetrySchedule(bad), /retry schedule/);
  });
}

test('parseDurationMs reads one duration and refuses lists or bare numbers', () => {
  assert.deepEqual(['24h', '5d', '250ms', '1.5s'].map(parseDurationMs), [86_400_000, 432_000_000, 250, 1500]);
  for (const bad of ['', '5', '1h,2h', 'soon']) assert.throws(() => parseDurationMs(bad), /invalid/, bad);
});
