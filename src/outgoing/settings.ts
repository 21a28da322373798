/** The outgoing engine's settings, parsed once from Config (fails fast on a bad schedule or CIDR). */
import type { Config } from '../config.ts';
import { parseCidrList, type Cidr } from './address-guard.ts';
import { parseDurationMs, parseRetrySchedule } from '../lib/durations.ts';

/** @example deliverySettings(loadConfig()).scheduleSeconds // [0, 5, 300, 1800, 7200, 18000, 36000, 36000] */
export interface DeliverySettings {
  /** delay before each attempt, seconds; entry 0 delays the first attempt */
  scheduleSeconds: number[];
  allowedNets: Cidr[];
  timeoutMs: number;
  maxResponseBytes: number;
  /** most HTTP attempts in flight in this process */
  concurrency: number;
  leaseMs: number;
  /** looking for due retries when nothing woke the worker */
  pollMs: number;
  /** a rotated-out secret keeps signing this long */
  secretOverlapMs: number;
  /** failing without a break this long disables a webhook */
  disableAfterMs: number;
}

export function deliverySettings(config: Config): DeliverySettings {
  const errors: string[] = [];
  const read = <T>(name: string, fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (error) {
      errors.push(`${name}: ${(error as Error).message}`);
      return fallback;
    }
  };
  const settings: DeliverySettings = {
    scheduleSeconds: read('DELIVERY_RETRY_SCHEDULE', () => parseRetrySchedule(config.deliveryRetrySchedule.join(',')), [0]),
    allowedNets: read('OUTGOING_ALLOWED_NETS', () => parseCidrList(config.outgoingAllowedNets.join(',')), []),
    timeoutMs: Math.max(1, config.deliveryTimeoutMs),
    maxResponseBytes: config.deliveryResponseLimitBytes,
    concurrency: Math.max(1, config.deliveryConcurrency),
    leaseMs: config.deliveryLeaseMs,
    pollMs: Math.max(10, config.deliveryPollMs),
    secretOverlapMs: read('WEBHOOK_SECRET_OVERLAP', () => parseDurationMs(config.webhookSecretOverlap), 0),
    disableAfterMs: read('WEBHOOK_DISABLE_AFTER', () => parseDurationMs(config.webhookDisableAfter), 0),
  };
  // The lease must outlive an attempt, or a slow receiver's delivery would be claimed twice.
  if (settings.leaseMs < 2 * settings.timeoutMs) errors.push(`DELIVERY_LEASE_MS (${settings.leaseMs}) must be at least twice DELIVERY_TIMEOUT_MS (${settings.timeoutMs})`);
  if (errors.length) throw new Error(`invalid configuration:\n  ${errors.join('\n  ')}`);
  return settings;
}

const cache = new WeakMap<Config, DeliverySettings>();

/** deliverySettings, parsed once per Config. */
export function settingsFor(config: Config): DeliverySettings {
  let settings = cache.get(config);
  if (!settings) cache.set(config, (settings = deliverySettings(config)));
  return settings;
}
