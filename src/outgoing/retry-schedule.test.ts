import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RETRY_SCHEDULE,
  isGone,
  isSuccess,
  nextDelay,
  parseRetryAfter,
  type NextDelayInput,
} from './retry-schedule.ts';
import { parseRetrySchedule } from '../lib/durations.ts';

const SCHEDULE = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);
const MIDDLE = () => 0.5; // no jitter
const LOWEST = () => 0; // -10 %
const HIGHEST = () => 0.999_999; // almost +10 %

test('parses the default schedule into seconds', () => {
  assert.deepEqual(SCHEDULE, [0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000]);
});

type Case = { name: string; input: Omit<NextDelayInput, 'scheduleSeconds'>; expected: number | null };
const cases: Case[] = [
  { name: 'second attempt after the first failed', input: { attempt: 1, failure: 'status', statusCode: 500, random: MIDDLE }, expected: 5000 },
  { name: 'third attempt', input: { attempt: 2, failure: 'network', random: MIDDLE }, expected: 300_000 },
  { name: 'jitter low end', input: { attempt: 2, failure: 'network', random: LOWEST }, expected: 270_000 },
  { name: 'jitter high end', input: { attempt: 2, failure: 'network', random: HIGHEST }, expected: 330_000 },
  { name: 'last scheduled attempt', input: { attempt: 7, failure: 'status', statusCode: 502, random: MIDDLE }, expected: 36_000_000 },
  { name: 'exhausted: dead', input: { attempt: 8, failure: 'status', statusCode: 500, random: MIDDLE }, expected: null },
  { name: 'timeout gets the overload floor', input: { attempt: 1, failure: 'timeout', random: MIDDLE }, expected: 10_000 },
  { name: '429 gets the overload floor', input: { attempt: 1, failure: 'status', statusCode: 429, random: MIDDLE }, expected: 10_000 },
  { name: 'floor does not shorten a longer delay', input: { attempt: 2, failure: 'timeout', random: MIDDLE }, expected: 300_000 },
  { name: 'custom floor', input: { attempt: 1, failure: 'timeout', random: MIDDLE, overloadFloorMs: 1000 }, expected: 5000 },
  { name: '503 Retry-After later than schedule is honoured', input: { attempt: 1, failure: 'status', statusCode: 503, retryAfterSeconds: 120, random: MIDDLE }, expected: 120_000 },
  { name: 'Retry-After is not jittered', input: { attempt: 1, failure: 'status', statusCode: 503, retryAfterSeconds: 120, random: LOWEST }, expected: 120_000 },
  { name: 'Retry-After earlier than schedule does not hurry', input: { attempt: 2, failure: 'status', statusCode: 429, retryAfterSeconds: 1, random: MIDDLE }, expected: 300_000 },
  { name: 'Retry-After clamped to schedule + 1 h', input: { attempt: 2, failure: 'status', statusCode: 429, retryAfterSeconds: 31_536_000, random: MIDDLE }, expected: 300_000 + 3_600_000 },
  { name: 'Retry-After ignored on 500', input: { attempt: 1, failure: 'status', statusCode: 500, retryAfterSeconds: 120, random: MIDDLE }, expected: 5000 },
  { name: 'Retry-After NaN ignored', input: { attempt: 1, failure: 'status', statusCode: 503, retryAfterSeconds: Number.NaN, random: MIDDLE }, expected: 5000 },
  { name: 'Retry-After cannot revive a dead delivery', input: { attempt: 8, failure: 'status', statusCode: 503, retryAfterSeconds: 5, random: MIDDLE }, expected: null },
];
for (const c of cases) {
  test(`nextDelay: ${c.name}`, () => {
    assert.equal(nextDelay({ ...c.input, scheduleSeconds: SCHEDULE }), c.expected);
  });
}

const now = new Date('2025-03-01T12:00:00Z');
const retryAfterCases: Array<[string | undefined, number | null]> = [
  ['120', 120],
  [' 0 ', 0],
  ['Sat, 01 Mar 2025 12:01:30 GMT', 90],
  ['Sat, 01 Mar 2025 11:00:00 GMT', 0],
  ['soon', null],
  ['', null],
  [undefined, null],
];
for (const [value, expected] of retryAfterCases) {
  test(`parseRetryAfter(${JSON.stringify(value)})`, () => assert.equal(parseRetryAfter(value, now), expected));
}

test('isSuccess and isGone', () => {
  assert.deepEqual([199, 200, 204, 299, 300, 410].map(isSuccess), [false, true, true, true, false, false]);
  assert.deepEqual([200, 404, 410, 500].map(isGone), [false, false, true, false]);
});
