/** Retention's settings, parsed once from Config (fails fast on a bad duration). */
import type { Config } from '../../config.ts';
import { parseDurationMs } from '../../lib/durations.ts';

/**
 * How long each kind of row or file is kept, in milliseconds, and how pruning paces itself.
 * @example retentionSettings(loadConfig()).deliveriesMs // 2_592_000_000 (30 days)
 */
export interface RetentionSettings {
  /** finished deliveries (delivered, dead) and their attempts, counted from when they finished */
  deliveriesMs: number;
  /** events, counted from when they were written; one a kept delivery refers to stays with it */
  eventsMs: number;
  idempotencyKeysMs: number;
  bridgeSeenMs: number;
  /** unfinished uploads, and the grace before a stored file no attachment names is removed */
  tempFilesMs: number;
  /** between the end of one sweep and the start of the next; 0: no sweeps */
  sweepMs: number;
  /** most rows one pruning statement deletes */
  batchRows: number;
}

/** Above this a batch's id list nears the engines' parameter limits, and a batch stops being short. */
export const MAX_BATCH_ROWS = 10_000;

export function retentionSettings(config: Config): RetentionSettings {
  const errors: string[] = [];
  const duration = (env: string, text: string): number => {
    try {
      return parseDurationMs(text);
    } catch (error) {
      errors.push(`${env}: ${(error as Error).message}`);
      return 0;
    }
  };
  const settings: RetentionSettings = {
    deliveriesMs: duration('RETAIN_DELIVERIES', config.retainDeliveries),
    eventsMs: duration('RETAIN_EVENTS', config.retainEvents),
    idempotencyKeysMs: duration('RETAIN_IDEMPOTENCY_KEYS', config.retainIdempotencyKeys),
    bridgeSeenMs: duration('RETAIN_BRIDGE_SEEN', config.retainBridgeSeen),
    tempFilesMs: duration('RETAIN_TEMP_FILES', config.retainTempFiles),
    sweepMs: config.retentionSweepMs,
    batchRows: config.retentionBatchRows,
  };
  if (settings.batchRows < 1 || settings.batchRows > MAX_BATCH_ROWS) errors.push(`RETENTION_BATCH_ROWS must be between 1 and ${MAX_BATCH_ROWS}, got ${settings.batchRows}`);
  if (errors.length) throw new Error(`invalid configuration:\n  ${errors.join('\n  ')}`);
  return settings;
}
