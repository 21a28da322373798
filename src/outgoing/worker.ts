/**
 * The delivery worker of one node: claims due deliveries (claim.ts), sends each run's deliveries one
 * after another (attempt.ts), records every attempt (outcome-recorder.ts) and keeps its leases alive.
 *
 * - Woken by new deliveries committed here (wake.ts), by NOTIFY from other nodes, when an attempt
 *   ends or outcomes are recorded, and every DELIVERY_POLL_MS for retries that came due.
 * - At most DELIVERY_CONCURRENCY runs send at once. A run's slot frees when its last attempt ends;
 *   its rows stay leased until their outcomes commit, so nobody can take them meanwhile.
 * - Heartbeat every lease/3 renews the leases of everything it holds; before each attempt it checks
 *   the lease still covers the attempt's whole timeout, so no other node can claim it meanwhile.
 * - stop(): claims nothing more, lets attempts in flight finish and be recorded, gives back the rest
 *   of each run unsent.
 */
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import { admitBotReply } from '../core/bots/bot-rate.ts';
import type { CoreContext } from '../core/context.ts';
import { newToken } from '../core/ids.ts';
import type { Metrics } from '../ops/metrics.ts';
import { attemptDelivery } from './attempt.ts';
import { claimDueDeliveries, continueRun, releaseDeliveries, renewLeases, type DeliveryRow, type Run } from './claim.ts';
import { loadDeliveryContexts, type LoadedBatch } from './delivery-context.ts';
import { formatByName } from './formats/registry.ts';
import type { OutgoingFormat } from './formats/types.ts';
import { createHttpClient, type HttpClient } from './http-client.ts';
import { OutcomeRecorder } from './outcome-recorder.ts';
import type { DeliverySettings } from './settings.ts';
import { writeOutgoing } from './outgoing-write.ts';
import { signingSecrets } from './webhook-view.ts';

/** Most deliveries of one ordered webhook sent in one run (one claim). */
export const RUN_MAX = 64;
const EMPTY_BATCH: LoadedBatch = { webhooks: new Map(), contexts: new Map() };

interface Continued {
  rows: DeliveryRow[];
  batch: LoadedBatch;
}

export class DeliveryWorker {
  readonly owner = `${hostname()}:${process.pid}:${newToken(6)}`;
  readonly #ctx: CoreContext;
  readonly #settings: DeliverySettings;
  readonly #log: FastifyBaseLogger;
  readonly #client: HttpClient;
  readonly #recorder: OutcomeRecorder;
  /** deliveries held → until when their lease is known to last */
  readonly #held = new Map<string, number>();
  readonly #runs = new Set<Promise<void>>();
  /** ordered webhooks whose line a run of this worker is sending */
  readonly #sendingLines = new Set<string>();
  #stopping = false;
  #woken = false;
  #wakeUp: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(ctx: CoreContext, settings: DeliverySettings, metrics: Metrics, log: FastifyBaseLogger) {
    this.#ctx = ctx;
    this.#settings = settings;
    this.#log = log;
    this.#client = createHttpClient({ allowedNets: settings.allowedNets, timeoutMs: settings.timeoutMs, maxResponseBytes: settings.maxResponseBytes });
    this.#recorder = new OutcomeRecorder({ ctx, settings, owner: this.owner, metrics, log });
  }

  start(): void {
    this.#loop = this.#claimLoop();
    this.#heartbeat = setInterval(() => void this.#renew(), Math.max(50, Math.floor(this.#settings.leaseMs / 3)));
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

  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    while (this.#runs.size) await Promise.all(this.#runs);
    await this.#recorder.idle();
    if (this.#heartbeat) clearInterval(this.#heartbeat);
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
    let runs: Run[];
    let batch: LoadedBatch;
    try {
      runs = await writeOutgoing(this.#ctx.store, (db) =>
        claimDueDeliveries(db, { engine: this.#ctx.store.engine, owner: this.owner, now, leaseMs: this.#settings.leaseMs, limit, runMax: RUN_MAX }), { atomic: false });
      if (!runs.length) return 0;
      for (const run of runs) for (const d of run.deliveries) this.#held.set(d.id, now + this.#settings.leaseMs);
      batch = await loadDeliveryContexts(this.#ctx.store.db, this.#ctx.config, runs.flatMap((r) => r.deliveries));
    } catch (err) {
      // The leases (if any were taken) run out and the deliveries are claimed again.
      if (!this.#stopping) this.#log.error({ err }, 'claiming deliveries failed');
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

  /**
   * Sends a run in order; stops at the first delivery that does not go through and gives back the
   * rest. While an ordered run sends its last delivery, the next due ones of its line are claimed
   * (continueRun), so a busy webhook's deliveries keep flowing without going back to the claim loop.
   */
  async #send(run: Run, loaded: LoadedBatch): Promise<void> {
    const ordered = !run.manual && run.deliveries[0].ordered === 1;
    const line = run.deliveries[0].webhook_id;
    if (ordered) this.#sendingLines.add(line);
    try {
      await this.#sendRun(run, loaded, ordered);
    } finally {
      if (ordered) this.#sendingLines.delete(line);
    }
    // The line's next head becomes claimable once the last outcome is committed.
    if (ordered) void this.#recorder.settled().then(() => this.wake());
  }

  async #sendRun(run: Run, loaded: LoadedBatch, ordered: boolean): Promise<void> {
    let { deliveries } = run;
    let batch = loaded;
    for (;;) {
      let more: Promise<Continued> | null = null;
      for (let i = 0; i < deliveries.length; i++) {
        const delivery = deliveries[i];
        if (this.#stopping || !this.#leaseCovers(delivery.id)) return this.#giveBack(deliveries.slice(i), more);
        if (ordered && i === deliveries.length - 1) more = this.#continue(delivery);
        const delivered = await this.#attempt(delivery, run.manual, batch).catch((err) => {
          this.#log.error({ err, delivery_id: delivery.id }, 'delivery attempt failed unexpectedly');
          return false;
        });
        if (!delivered) return this.#giveBack(deliveries.slice(i + 1), more);
      }
      const next = more ? await more : null;
      if (!next?.rows.length) return;
      ({ rows: deliveries, batch } = next);
    }
  }

  /** Claims the due deliveries behind `last` in its line, with what the formats need. */
  async #continue(last: DeliveryRow): Promise<Continued> {
    const now = Date.now();
    try {
      const rows = await writeOutgoing(this.#ctx.store, (db) => continueRun(db, last, { engine: this.#ctx.store.engine, owner: this.owner, now, leaseMs: this.#settings.leaseMs, runMax: RUN_MAX }), { atomic: false });
      for (const d of rows) this.#held.set(d.id, now + this.#settings.leaseMs);
      return { rows, batch: rows.length ? await loadDeliveryContexts(this.#ctx.store.db, this.#ctx.config, rows) : EMPTY_BATCH };
    } catch (err) {
      this.#log.error({ err }, 'continuing a run failed; its leases will run out');
      return { rows: [], batch: EMPTY_BATCH };
    }
  }

  async #giveBack(rest: DeliveryRow[], more: Promise<Continued> | null): Promise<void> {
    const continued = more ? (await more).rows : [];
    await this.#release([...rest, ...continued]);
  }

  /** One attempt; its outcome is queued for the recorder. True if it was delivered. */
  async #attempt(delivery: DeliveryRow, manual: boolean, batch: LoadedBatch): Promise<boolean> {
    const webhook = batch.webhooks.get(delivery.webhook_id);
    const context = batch.contexts.get(delivery.id);
    if (!webhook || !context) {
      // Its webhook or conversation was deleted meanwhile (the row goes with it).
      await this.#release([delivery]);
      return false;
    }
    const attempt = await attemptDelivery({ client: this.#client, url: webhook.url, format: formatOf(webhook.format), context, secrets: signingSecrets(webhook, Date.now()) });
    let postReply = attempt.reply !== null;
    if (postReply) postReply = await admitBotReply(this.#ctx, webhook.conversation_id).then(() => true, () => false);
    void this.#recorder.record({ delivery, webhook, attempt, manual, postReply }).finally(() => this.#held.delete(delivery.id));
    return attempt.result.kind === 'delivered';
  }

  async #release(deliveries: DeliveryRow[]): Promise<void> {
    if (!deliveries.length) return;
    const ids = deliveries.map((d) => d.id);
    await writeOutgoing(this.#ctx.store, (db) => releaseDeliveries(db, ids, this.owner, Date.now()), { atomic: false })
      .catch((err) => this.#log.error({ err }, 'giving back deliveries failed; their leases will run out'));
    for (const id of ids) this.#held.delete(id);
  }

  /** The lease must outlast the attempt's whole timeout, or another worker could send it too. */
  #leaseCovers(id: string): boolean {
    const until = this.#held.get(id);
    return until !== undefined && Date.now() + this.#settings.timeoutMs < until;
  }

  async #renew(): Promise<void> {
    if (!this.#held.size) return;
    const ids = [...this.#held.keys()];
    const until = Date.now() + this.#settings.leaseMs;
    try {
      await writeOutgoing(this.#ctx.store, (db) => renewLeases(db, ids, this.owner, until), { atomic: false });
      for (const id of ids) if (this.#held.has(id)) this.#held.set(id, until);
    } catch (err) {
      this.#log.warn({ err }, 'renewing delivery leases failed');
    }
  }
}

/** An unknown format (a row written by a newer version?) fails closed: the attempt is refused and logged. */
function formatOf(name: string): OutgoingFormat {
  try {
    return formatByName(name);
  } catch (err) {
    return { name, buildRequest: () => { throw err; }, readReply: () => null };
  }
}
