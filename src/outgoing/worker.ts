/**
 * The delivery worker of one node: claims due deliveries (claim.ts), sends each run (run-sender.ts),
 * records every attempt (outcome-recorder.ts) and keeps its leases alive (leases.ts).
 *
 * - Woken by new deliveries committed here (wake.ts), by NOTIFY from other nodes, when a run ends,
 *   and every DELIVERY_POLL_MS for retries that came due.
 * - At most DELIVERY_CONCURRENCY runs send at once. A run's slot frees when its last attempt ends;
 *   its rows stay leased until their outcomes commit, so nobody can take them meanwhile.
 * - Its leases carry the node's stable id (ops/node-identity.ts), so the node's next start knows them.
 * - stop(): claims nothing more from that moment, gives back at once what it holds but has not
 *   started sending (due again, for another node or the next start), lets attempts in flight finish
 *   and be recorded.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CoreContext } from '../core/context.ts';
import type { Metrics } from '../ops/metrics.ts';
import { claimDueDeliveries, type Run } from './claim.ts';
import { loadDeliveryContexts, type LoadedBatch } from './delivery-context.ts';
import { createHttpClient, type HttpClient } from './http-client.ts';
import { Leases } from './leases.ts';
import { OutcomeRecorder } from './outcome-recorder.ts';
import { writeOutgoing } from './outgoing-write.ts';
import { RUN_MAX, sendRun, type RunSenderDeps } from './run-sender.ts';
import type { DeliverySettings } from './settings.ts';

export class DeliveryWorker {
  /** the node id: the lease owner of every claim */
  readonly owner: string;
  readonly #ctx: CoreContext;
  readonly #settings: DeliverySettings;
  readonly #log: FastifyBaseLogger;
  readonly #client: HttpClient;
  readonly #recorder: OutcomeRecorder;
  readonly #leases: Leases;
  readonly #deps: RunSenderDeps;
  readonly #runs = new Set<Promise<void>>();
  /** ordered webhooks whose line a run of this worker is sending */
  readonly #sendingLines = new Set<string>();
  #stopping = false;
  #woken = false;
  #wakeUp: (() => void) | null = null;
  #loop: Promise<void> | null = null;

  constructor(ctx: CoreContext, settings: DeliverySettings, metrics: Metrics, log: FastifyBaseLogger, owner: string) {
    this.owner = owner;
    this.#ctx = ctx;
    this.#settings = settings;
    this.#log = log;
    this.#client = createHttpClient({ allowedNets: settings.allowedNets, timeoutMs: settings.timeoutMs, maxResponseBytes: settings.maxResponseBytes });
    this.#recorder = new OutcomeRecorder({ ctx, settings, owner: this.owner, metrics, log });
    this.#leases = new Leases({ store: ctx.store, owner: this.owner, leaseMs: settings.leaseMs, timeoutMs: settings.timeoutMs, log });
    this.#deps = { ctx, settings, owner: this.owner, client: this.#client, leases: this.#leases, recorder: this.#recorder, log, stopping: () => this.#stopping };
  }

  start(): void {
    this.#loop = this.#claimLoop();
    this.#leases.start();
  }

  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  /**
   * New deliveries of these webhooks: nothing to claim if this worker is sending each one's line
   * already (the run continues with them), so no claim is wasted per message on a busy webhook.
   */
  wakeFor(webhookIds?: Set<string>): void {
    if (webhookIds && [...webhookIds].every((id) => this.#sendingLines.has(id))) return;
    this.wake();
  }

  /** Synchronously up to its first await: no claim and no attempt starts once it is called. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    const released = this.#leases.releaseWaiting();
    await this.#loop;
    // Runs see `stopping` before each attempt and give back what they claimed meanwhile.
    while (this.#runs.size) await Promise.all(this.#runs);
    await released;
    await this.#recorder.idle();
    this.#leases.stop();
    await this.#client.close();
  }

  async #claimLoop(): Promise<void> {
    while (!this.#stopping) {
      const free = this.#settings.concurrency - this.#runs.size;
      if (free > 0) {
        this.#woken = false;
        const claimed = await this.#claim(free);
        if (claimed === free || this.#woken) continue;
      }
      await this.#sleep(this.#settings.pollMs);
    }
  }

  /** Until woken or `ms` passed. Always yields to the event loop: SQLite calls finish in microtasks. */
  #sleep(ms: number): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return new Promise((resolve) => setImmediate(resolve));
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeUp = () => {
        this.#wakeUp = null;
        done();
      };
    });
  }

  /** Claims and starts up to `limit` runs; returns how many started. */
  async #claim(limit: number): Promise<number> {
    const now = Date.now();
    let runs: Run[] = [];
    let batch: LoadedBatch;
    try {
      const options = { engine: this.#ctx.store.engine, owner: this.owner, now, leaseMs: this.#settings.leaseMs, limit, runMax: RUN_MAX };
      runs = await writeOutgoing(this.#ctx.store, (db) => claimDueDeliveries(db, options), { atomic: false });
      if (!runs.length) return 0;
      for (const run of runs) this.#leases.hold(run.deliveries, now);
      batch = await loadDeliveryContexts(this.#ctx.store.db, this.#ctx.config, runs.flatMap((r) => r.deliveries), this.#ctx.hookTokens);
    } catch (err) {
      if (!this.#stopping) this.#log.error({ err }, 'claiming deliveries failed');
      // Given back, or the heartbeat would keep them leased; if that fails too, the leases run out.
      await this.#leases.release(runs.flatMap((r) => r.deliveries));
      return 0;
    }
    for (const run of runs) {
      const running = this.#send(run, batch).finally(() => {
        this.#runs.delete(running);
        this.wake();
      });
      this.#runs.add(running);
    }
    return runs.length;
  }

  async #send(run: Run, batch: LoadedBatch): Promise<void> {
    const ordered = !run.manual && run.deliveries[0].ordered === 1;
    const line = run.deliveries[0].webhook_id;
    if (ordered) this.#sendingLines.add(line);
    try {
      await sendRun(this.#deps, run, batch, ordered);
    } finally {
      if (ordered) this.#sendingLines.delete(line);
    }
    // The line's next head becomes claimable once its last outcome is committed.
    if (ordered) void this.#recorder.settled().then(() => this.wake());
  }
}
