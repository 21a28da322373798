/**
 * Retention: every RETENTION_SWEEP_MS, rows and files past their RETAIN_* setting are pruned, a
 * batch of at most RETENTION_BATCH_ROWS rows per statement at a time, each batch its own short
 * transaction (prune-session.ts) with a turn of the event loop between batches, so ingest never
 * waits behind a sweep. The clock is passed in, so tests prune "a month later" without waiting.
 *
 * Order within a sweep: deliveries first (they free the events they kept), then events,
 * idempotency keys, bridge de-duplication keys, and last the files of this node's file store.
 */
import client from 'prom-client';
import type { BlobStore } from '../../store/blobs/blob-store.ts';
import type { Store } from '../../store/store.ts';
import { now } from '../../lib/time.ts';
import type { Metrics } from '../metrics.ts';
import { withPruneSession, type RunBatch } from './prune-session.ts';
import { pruneDeliveries } from './prune-deliveries.ts';
import { pruneEvents } from './prune-events.ts';
import { pruneBridgeSeen, pruneIdempotencyKeys } from './prune-keys.ts';
import type { RetentionSettings } from './retention-settings.ts';

export const PRUNED_KINDS = ['deliveries', 'delivery_attempts', 'events', 'idempotency_keys', 'bridge_seen_messages', 'temp_files', 'files'] as const;
export type PrunedKind = (typeof PRUNED_KINDS)[number];
export type PrunedCounts = Record<PrunedKind, number>;

/** Rows of one kind one batch deleted (a deliveries batch reports its attempts and freed events too). */
export type BatchListener = (kind: PrunedKind, rows: number) => void | Promise<void>;

export interface RetentionDeps {
  store: Store;
  blobs: BlobStore;
  settings: RetentionSettings;
  clock?: () => number;
  metrics?: Metrics;
  log?: { warn(obj: object, msg: string): void };
  /** called after each batch commits, before the next starts (metrics; tests watch the pacing) */
  onBatch?: BatchListener;
  /** top-level folders of the file store walked per sweep (of 256; default 4, a full pass every 64 sweeps) */
  fileShardsPerSweep?: number;
}

export interface Retention {
  /** One sweep now; null if another node is pruning the database (PostgreSQL; files were still swept). */
  sweep(): Promise<PrunedCounts | null>;
  /** Stops the timer, and the running sweep after its current batch. */
  stop(): Promise<void>;
}

/** The events scan starts over this often, for events freed other than by pruning (a deleted webhook's). */
const EVENTS_RESCAN_MS = 24 * 3600_000;

/** Starts sweeping every settings.sweepMs (0: only when sweep() is called). */
export function startRetention(deps: RetentionDeps): Retention {
  const { store, blobs, settings } = deps;
  const clock = deps.clock ?? now;
  const skipLocked = !store.engine.serialWrites;
  const pruned = deps.metrics && new client.Counter({
    name: 'switchboard_retention_pruned_total',
    help: 'rows and files removed by retention, by kind',
    labelNames: ['kind'] as const,
    registers: [deps.metrics.registry],
  });
  let stopping = false;
  let running: Promise<PrunedCounts | null> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const events = { after: '', since: clock() };

  /** Counts what one batch deleted; then lets requests that arrived meanwhile run (on SQLite, join the batcher first). */
  async function afterBatch(counts: PrunedCounts, deleted: Partial<PrunedCounts>): Promise<void> {
    for (const [kind, rows] of Object.entries(deleted) as [PrunedKind, number][]) {
      if (!rows) continue;
      counts[kind] += rows;
      pruned?.inc({ kind }, rows);
      await deps.onBatch?.(kind, rows);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  async function pruneRows(runBatch: RunBatch, counts: PrunedCounts, at: number): Promise<void> {
    const { batchRows } = settings;
    const eventsBeforeMs = at - settings.eventsMs;
    for (let more = true; more && !stopping;) {
      const r = await runBatch((db) => pruneDeliveries(db, { beforeMs: at - settings.deliveriesMs, eventsBeforeMs, batchRows, skipLocked }));
      await afterBatch(counts, { delivery_attempts: r.attempts, deliveries: r.deliveries, events: r.events });
      more = r.more;
    }
    if (at - events.since > EVENTS_RESCAN_MS) Object.assign(events, { after: '', since: at });
    for (let more = true; more && !stopping;) {
      const r = await runBatch((db) => pruneEvents(db, { beforeMs: eventsBeforeMs, after: events.after, batchRows }));
      if (r.last !== null) events.after = r.last;
      await afterBatch(counts, { events: r.events });
      more = r.more;
    }
    for (let more = true; more && !stopping;) {
      const n = await runBatch((db) => pruneIdempotencyKeys(db, { beforeMs: at - settings.idempotencyKeysMs, batchRows, skipLocked }));
      await afterBatch(counts, { idempotency_keys: n });
      more = n === batchRows;
    }
    for (let more = true; more && !stopping;) {
      const n = await runBatch((db) => pruneBridgeSeen(db, { beforeMs: at - settings.bridgeSeenMs, batchRows, skipLocked }));
      await afterBatch(counts, { bridge_seen_messages: n });
      more = n === batchRows;
    }
  }

  async function sweepFiles(counts: PrunedCounts, at: number): Promise<void> {
    const swept = await blobs.sweep({
      beforeMs: at - settings.tempFilesMs,
      shards: deps.fileShardsPerSweep,
      referenced: async (sha256s) => {
        const rows = await store.db.selectFrom('attachments').select('sha256').distinct().where('sha256', 'is not', null).where('sha256', 'in', sha256s).execute();
        return new Set(rows.map((r) => r.sha256!));
      },
    });
    counts.temp_files += swept.tempFiles;
    counts.files += swept.blobs;
    pruned?.inc({ kind: 'temp_files' }, swept.tempFiles);
    pruned?.inc({ kind: 'files' }, swept.blobs);
  }

  async function sweepOnce(): Promise<PrunedCounts | null> {
    const at = clock();
    const counts = Object.fromEntries(PRUNED_KINDS.map((k) => [k, 0])) as PrunedCounts;
    let rowsPruned = true;
    try {
      rowsPruned = (await withPruneSession(store, (runBatch) => pruneRows(runBatch, counts, at))) !== null;
    } catch (err) {
      deps.log?.warn({ err }, 'pruning expired rows failed; the next sweep tries again');
    }
    try {
      if (!stopping) await sweepFiles(counts, at);
    } catch (err) {
      deps.log?.warn({ err }, 'sweeping stored files failed; the next sweep tries again');
    }
    return rowsPruned ? counts : null;
  }

  function sweep(): Promise<PrunedCounts | null> {
    // One sweep at a time: a call during a sweep gets that sweep's result.
    running ??= sweepOnce().finally(() => (running = null));
    return running;
  }

  function schedule(): void {
    if (stopping || settings.sweepMs <= 0) return;
    timer = setTimeout(() => void sweep().finally(schedule), settings.sweepMs);
    timer.unref();
  }
  schedule();

  return {
    sweep,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
