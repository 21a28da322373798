/** Words for the delivery log and the webhook forms: relative times, outcomes, lists typed as text. */
import type { Attempt, Delivery } from './api-types.ts';

/** "in 5 s", "in 3 min", "2 h ago", "now". */
export function relativeTime(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return '';
  const abs = Math.abs(ms);
  if (abs < 1000) return 'now';
  const [n, unit] = abs < 60_000 ? [abs / 1000, 's'] : abs < 3_600_000 ? [abs / 60_000, 'min'] : abs < 86_400_000 ? [abs / 3_600_000, 'h'] : [abs / 86_400_000, 'd'];
  const rounded = Math.round(n);
  return ms > 0 ? `in ${rounded} ${unit}` : `${rounded} ${unit} ago`;
}

/** What the last try got back: "HTTP 503", the network error, or nothing yet. */
export function lastOutcome(d: Pick<Delivery, 'last_status_code' | 'last_error'>): string {
  return outcome(d.last_status_code, d.last_error);
}

export function attemptOutcome(a: Attempt): string {
  return outcome(a.status_code, a.error) || 'no answer';
}

// The engine's errors often name the status already ("the receiver answered HTTP 503").
function outcome(code: number | null, error: string | null): string {
  if (code === null) return error ?? '';
  if (!error || error.includes(String(code))) return error || `HTTP ${code}`;
  return `HTTP ${code}: ${error}`;
}

/** When the next attempt goes out, for deliveries still waiting. */
export function nextRetryText(d: Pick<Delivery, 'status' | 'next_attempt_at' | 'retry_requested'>, now = Date.now()): string {
  if (d.retry_requested) return 'retry requested';
  if (d.next_attempt_at === null || (d.status !== 'failed' && d.status !== 'pending')) return '';
  return `next try ${relativeTime(d.next_attempt_at, now)}`;
}

/** "price, cost , quote" -> ["price", "cost", "quote"]: what people type into a list field. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(',').map((w) => w.trim()).filter(Boolean))];
}

/** A `datetime-local` value (local time, minutes) for `ms`. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The ISO time of a `datetime-local` value, or null when it is not a time. */
export function localInputToIso(value: string): string | null {
  const ms = new Date(value).getTime();
  return value && !Number.isNaN(ms) ? new Date(ms).toISOString() : null;
}
