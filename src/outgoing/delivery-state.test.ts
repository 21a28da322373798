import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideNextState, type DecideInput } from './delivery-state.ts';

const SCHEDULE = [0, 5, 300];
const base: DecideInput = { result: { kind: 'delivered' }, manual: false, status: 'sending', autoAttempts: 0, scheduleSeconds: SCHEDULE, now: 1_000_000, random: () => 0.5 };

const cases: Array<{ name: string; input: Partial<DecideInput>; expected: ReturnType<typeof decideNextState> }> = [
  { name: '2xx delivers', input: {}, expected: { status: 'delivered', auto_attempts: 1, next_attempt_at: null } },
  { name: 'a failure waits for the next scheduled delay', input: { result: { kind: 'failed', failure: 'status', statusCode: 500 } }, expected: { status: 'failed', auto_attempts: 1, next_attempt_at: 1_005_000 } },
  { name: 'a 503 with Retry-After waits longer', input: { result: { kind: 'failed', failure: 'status', statusCode: 503, retryAfterSeconds: 60 } }, expected: { status: 'failed', auto_attempts: 1, next_attempt_at: 1_060_000 } },
  { name: 'the last scheduled attempt failing is dead', input: { autoAttempts: 2, result: { kind: 'failed', failure: 'network' } }, expected: { status: 'dead', auto_attempts: 3, next_attempt_at: null } },
  { name: '410 is dead at once', input: { result: { kind: 'gone' } }, expected: { status: 'dead', auto_attempts: 1, next_attempt_at: null } },
  { name: 'a refused address is dead at once', input: { result: { kind: 'refused' } }, expected: { status: 'dead', auto_attempts: 1, next_attempt_at: null } },
  { name: 'a manual retry that works delivers without counting', input: { manual: true, status: 'dead', autoAttempts: 3 }, expected: { status: 'delivered', auto_attempts: 3, next_attempt_at: null } },
  { name: 'a failed manual retry of a dead delivery leaves it dead', input: { manual: true, status: 'dead', autoAttempts: 3, result: { kind: 'failed', failure: 'timeout' } }, expected: { status: 'dead', auto_attempts: 3 } },
  { name: 'a failed manual retry keeps a failed delivery’s schedule', input: { manual: true, status: 'failed', autoAttempts: 1, result: { kind: 'failed', failure: 'status', statusCode: 500 } }, expected: { status: 'failed', auto_attempts: 1 } },
  { name: 'a manual retry answered 410 leaves the delivery as it was', input: { manual: true, status: 'failed', autoAttempts: 1, result: { kind: 'gone' } }, expected: { status: 'failed', auto_attempts: 1 } },
];
for (const c of cases) {
  test(`decideNextState: ${c.name}`, () => assert.deepEqual(decideNextState({ ...base, ...c.input }), c.expected));
}
