/**
 * What an attempt's outcome does to its delivery: one pure function over closed sets of statuses
 * and outcomes, so every transition is visible (and table-tested) in one place.
 *
 * Policy:
 * - 2xx: delivered.
 * - 410 Gone: dead, and the webhook is disabled (the receiver says the endpoint is gone for good).
 * - refused before sending (forbidden address, invalid URL, unknown format): dead at once; retrying
 *   cannot help until someone changes the webhook or OUTGOING_ALLOWED_NETS, then replays.
 * - anything else (other statuses, timeouts, network errors): failed, next attempt after nextDelay
 *   (Retry-After honoured), or dead when the schedule is exhausted.
 * - a manual retry never moves the schedule: unless it succeeds (delivered), the delivery keeps its
 *   status and its next_attempt_at, whatever went wrong (a 410 still disables the webhook).
 */
import { nextDelay, type FailureKind } from './retry-schedule.ts';

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** How one attempt ended. `failed` carries what the retry schedule needs. */
export type AttemptResult =
  | { kind: 'delivered' }
  | { kind: 'gone' }
  | { kind: 'refused' }
  | { kind: 'failed'; failure: FailureKind; statusCode?: number; retryAfterSeconds?: number | null };

/** The delivery's columns that change; `undefined` next_attempt_at means unchanged. */
export interface NextState {
  status: DeliveryStatus;
  auto_attempts: number;
  next_attempt_at?: number | null;
}

export interface DecideInput {
  result: AttemptResult;
  manual: boolean;
  /** status and schedule position before the attempt (a claimed automatic attempt is `sending`) */
  status: DeliveryStatus;
  autoAttempts: number;
  scheduleSeconds: number[];
  now: number;
  random: () => number;
}

export function decideNextState(input: DecideInput): NextState {
  const { result, manual, now } = input;
  const autoAttempts = manual ? input.autoAttempts : input.autoAttempts + 1;
  if (result.kind === 'delivered') return { status: 'delivered', auto_attempts: autoAttempts, next_attempt_at: null };
  if (manual) return { status: input.status, auto_attempts: autoAttempts };
  if (result.kind === 'gone' || result.kind === 'refused') return { status: 'dead', auto_attempts: autoAttempts, next_attempt_at: null };
  const delayMs = nextDelay({
    attempt: autoAttempts,
    scheduleSeconds: input.scheduleSeconds,
    failure: result.failure,
    statusCode: result.statusCode,
    retryAfterSeconds: result.retryAfterSeconds,
    random: input.random,
  });
  if (delayMs === null) return { status: 'dead', auto_attempts: autoAttempts, next_attempt_at: null };
  return { status: 'failed', auto_attempts: autoAttempts, next_attempt_at: now + delayMs };
}
