/**
 * Group commit for attempt outcomes: outcomes that finish close together are recorded by one write
 * (record-outcomes.ts), one write at a time, so a busy worker pays one transaction for many
 * deliveries and its writes never race each other for the same webhook rows. If a batch fails, each outcome is tried alone so one bad row cannot lose the
 * others; a delivery whose outcome is never recorded is sent again when its lease runs out.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CoreContext } from '../core/context.ts';
import type { Metrics } from '../ops/metrics.ts';
import { writeOutgoingTx } from './outgoing-write.ts';
import { recordOutcomes, type OutcomeInput } from './record-outcomes.ts';
import type { DeliverySettings } from './settings.ts';

/** Most outcomes in one write. */
const MAX_BATCH = 256;

export class OutcomeRecorder {
  readonly #ctx: CoreContext;
  readonly #settings: DeliverySettings;
  readonly #owner: string;
  readonly #metrics: Metrics;
  readonly #log: FastifyBaseLogger;
  #pending: { input: OutcomeInput; done: () => void }[] = [];
  #scheduled = false;
  #writing: Promise<void> | null = null;
  /** outcomes queued and settled so far; waiters for a count */
  #queued = 0;
  #settled = 0;
  #waiters: { count: number; resolve: () => void }[] = [];

  constructor(opts: { ctx: CoreContext; settings: DeliverySettings; owner: string; metrics: Metrics; log: FastifyBaseLogger }) {
    this.#ctx = opts.ctx;
    this.#settings = opts.settings;
    this.#owner = opts.owner;
    this.#metrics = opts.metrics;
    this.#log = opts.log;
  }

  /** Queues an outcome; resolves once it is committed (or given up on, logged). */
  record(input: OutcomeInput): Promise<void> {
    return new Promise((done) => {
      this.#pending.push({ input, done });
      this.#queued++;
      this.#schedule();
    });
  }

  /** Resolves once every outcome queued so far is settled (an ordered line's end: its next head may be due). */
  settled(): Promise<void> {
    if (this.#settled >= this.#queued) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count: this.#queued, resolve }));
  }

  /** Resolves when every queued outcome is recorded. */
  async idle(): Promise<void> {
    while (this.#writing || this.#pending.length) {
      this.#schedule();
      await this.#writing;
      if (!this.#writing && this.#pending.length) await new Promise((r) => setImmediate(r));
    }
  }

  /** One write at a time: outcomes arriving meanwhile wait and go together in the next one. */
  #schedule(): void {
    if (this.#scheduled || this.#writing) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#writing || !this.#pending.length) return;
    const batch = this.#pending.splice(0, MAX_BATCH);
    this.#writing = this.#write(batch.map((b) => b.input))
      .catch(async (err) => {
        if (batch.length === 1) throw err;
        for (const one of batch) await this.#write([one.input]).catch((e) => this.#log.error({ err: e, delivery_id: one.input.delivery.id }, 'recording a delivery attempt failed'));
      })
      .catch((err) => this.#log.error({ err, delivery_id: batch[0].input.delivery.id }, 'recording a delivery attempt failed'))
      .finally(() => {
        this.#writing = null;
        for (const b of batch) b.done();
        this.#settled += batch.length;
        const ready = this.#waiters.filter((w) => w.count <= this.#settled);
        this.#waiters = this.#waiters.filter((w) => w.count > this.#settled);
        for (const w of ready) w.resolve();
        if (this.#pending.length) this.#schedule();
      });
  }

  async #write(inputs: OutcomeInput[]): Promise<void> {
    const recorded = await writeOutgoingTx(this.#ctx.store, (tx) => recordOutcomes(this.#ctx, tx, inputs, this.#owner, this.#settings));
    for (const status of recorded.statuses.values()) this.#metrics.deliveries.inc({ status });
    this.#ctx.ports.afterCommit(recorded.events);
    for (const id of recorded.disabled) this.#log.warn({ webhook_id: id }, 'webhook disabled');
  }
}
