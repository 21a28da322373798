import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptOutcome, lastOutcome, localInputToIso, nextRetryText, relativeTime, splitList, toLocalInput } from './delivery-text.ts';

const NOW = Date.parse('2025-03-01T12:00:00Z');

test('relativeTime reads as people say it', () => {
  const cases: [string, string][] = [
    ['2025-03-01T12:00:00.400Z', 'now'],
    ['2025-03-01T12:00:05Z', 'in 5 s'],
    ['2025-03-01T12:05:00Z', 'in 5 min'],
    ['2025-03-01T10:00:00Z', '2 h ago'],
    ['2025-02-27T12:00:00Z', '2 d ago'],
    ['not a time', ''],
  ];
  for (const [iso, expected] of cases) assert.equal(relativeTime(iso, NOW), expected, iso);
});

test('outcomes name the status code and the error', () => {
  assert.equal(lastOutcome({ last_status_code: 503, last_error: null }), 'HTTP 503');
  assert.equal(lastOutcome({ last_status_code: 500, last_error: 'boom' }), 'HTTP 500: boom');
  assert.equal(lastOutcome({ last_status_code: null, last_error: 'connection refused' }), 'connection refused');
  assert.equal(lastOutcome({ last_status_code: null, last_error: null }), '');
  assert.equal(lastOutcome({ last_status_code: 503, last_error: 'the receiver answered HTTP 503' }), 'the receiver answered HTTP 503');
  const attempt = { started_at: '', duration_ms: 1, response_excerpt: null, manual: false };
  assert.equal(attemptOutcome({ ...attempt, status_code: 200, error: null }), 'HTTP 200');
  assert.equal(attemptOutcome({ ...attempt, status_code: null, error: 'timeout' }), 'timeout');
  assert.equal(attemptOutcome({ ...attempt, status_code: null, error: null }), 'no answer');
});

test('nextRetryText only for deliveries still waiting', () => {
  const at = '2025-03-01T12:00:30Z';
  assert.equal(nextRetryText({ status: 'failed', next_attempt_at: at, retry_requested: false }, NOW), 'next try in 30 s');
  assert.equal(nextRetryText({ status: 'delivered', next_attempt_at: at, retry_requested: false }, NOW), '');
  assert.equal(nextRetryText({ status: 'dead', next_attempt_at: null, retry_requested: true }, NOW), 'retry requested');
});

test('splitList trims, drops empties and repeats', () => {
  assert.deepEqual(splitList(' price, cost,,price , quote '), ['price', 'cost', 'quote']);
  assert.deepEqual(splitList('  '), []);
});

test('datetime-local values round-trip to ISO', () => {
  const ms = Date.parse('2025-03-01T09:07:00Z');
  assert.equal(localInputToIso(toLocalInput(ms)), new Date(ms).toISOString());
  assert.equal(localInputToIso(''), null);
  assert.equal(localInputToIso('yesterday'), null);
});
