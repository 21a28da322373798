/**
 * Durations in settings: a number with a unit (`250ms`, `5s`, `5m`, `2h`, `1d`), alone
 * (RETAIN_EVENTS, WEBHOOK_DISABLE_AFTER) or as a comma-separated list (DELIVERY_RETRY_SCHEDULE).
 */

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

/** `"0s,5s,5m,30m,2h"` → `[0, 5, 300, 1800, 7200]` (seconds). Throws on anything else. */
export function parseRetrySchedule(text: string): number[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') throw new Error('retry schedule is empty');
  return entries.map((entry) => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(entry);
    if (!match) {
      throw new Error(`invalid retry schedule entry "${entry}": expected a number with a unit ms, s, m, h or d, e.g. "5m"`);
    }
    return Number(match[1]) * UNIT_SECONDS[match[2]];
  });
}

/** One duration with a unit, `"24h"` → 86400000 (ms). Throws on anything else. */
export function parseDurationMs(text: string): number {
  const entries = text.trim() === '' ? [] : parseRetrySchedule(text);
  if (entries.length !== 1) throw new Error(`invalid duration "${text}": expected one number with a unit, e.g. "24h"`);
  return entries[0] * 1000;
}
