/**
 * When to try a failed delivery again: the schedule is data (seconds, from DELIVERY_RETRY_SCHEDULE,
 * parsed by lib/durations.ts), the policy is one pure function. Randomness is injected so tests
 * are deterministic.
 */

/** The contract's default: 8 attempts over about a day (Svix's schedule). */
export const DEFAULT_RETRY_SCHEDULE = '0s,5s,5m,30m,2h,5h,10h,10h';

/** ±10 %: spreads retries of one outage so receivers are not hit by a synchronised wave. */
export const JITTER_RATIO = 0.1;

/** A timeout or 429 means the receiver is overloaded: never come back sooner than this. */
export const OVERLOAD_FLOOR_MS = 10_000;

/**
 * Retry-After (429/503) may postpone an attempt, but by at most this much beyond the scheduled
 * delay: a hostile or buggy `Retry-After: 31536000` must not park a delivery for a year. It can
 * never bring an attempt forward either (we take the later of the two).
 */
export const RETRY_AFTER_MAX_EXTRA_MS = 60 * 60 * 1000;

export type FailureKind = 'status' | 'timeout' | 'network';

export interface NextDelayInput {
  /** attempts already made (1 after the first try) */
  attempt: number;
  /** delay before each attempt, in seconds; entry 0 is the first attempt's */
  scheduleSeconds: number[];
  failure: FailureKind;
  statusCode?: number;
  /** the response's Retry-After in seconds (see parseRetryAfter) */
  retryAfterSeconds?: number | null;
  /** returns [0, 1), like Math.random */
  random: () => number;
  overloadFloorMs?: number;
}

/**
 * Milliseconds until the next attempt, or null when the schedule is exhausted (the delivery is dead).
 * Order: scheduled delay with jitter → overload floor (timeout/429) → Retry-After (429/503), clamped.
 * Retry-After is honoured exactly (no jitter), because the receiver asked for that time.
 * @example nextDelay({ attempt: 1, scheduleSeconds: [0, 5], failure: 'network', random: () => 0.5 }) // 5000
 */
export function nextDelay(input: NextDelayInput): number | null {
  const { attempt, scheduleSeconds, failure, statusCode, retryAfterSeconds, random } = input;
  if (attempt >= scheduleSeconds.length) return null;
  const scheduledMs = scheduleSeconds[Math.max(0, attempt)] * 1000;
  let delayMs = scheduledMs * (1 + JITTER_RATIO * (2 * random() - 1));
  if (failure === 'timeout' || statusCode === 429) {
    delayMs = Math.max(delayMs, input.overloadFloorMs ?? OVERLOAD_FLOOR_MS);
  }
  const honoursRetryAfter = statusCode === 429 || statusCode === 503;
  if (honoursRetryAfter && retryAfterSeconds != null && Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0) {
    const askedMs = Math.min(retryAfterSeconds * 1000, scheduledMs + RETRY_AFTER_MAX_EXTRA_MS);
    delayMs = Math.max(delayMs, askedMs);
  }
  return Math.round(delayMs);
}

/** Retry-After is either delta-seconds or an HTTP date; returns seconds from `now`, or null if absent/unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value == null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** Any 2xx delivers. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** 410 Gone: the receiver says the endpoint is gone for good, so the webhook is disabled, not retried. */
export function isGone(status: number): boolean {
  return status === 410;
}
