/**
 * The leases one worker holds. Policy: a heartbeat every lease/3 pushes them all forward, and an
 * attempt starts only if the lease still covers its whole timeout, so no other worker can claim the
 * delivery while it is being sent. Giving deliveries back (release) clears their lease at once.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/store.ts';
import { releaseDeliveries, renewLeases, type DeliveryRow } from './claim.ts';
import { writeOutgoing } from './outgoing-write.ts';

export class Leases {
  readonly #store: Store;
  readonly #owner: string;
  readonly #leaseMs: number;
  readonly #timeoutMs: number;
  readonly #log: FastifyBaseLogger;
  /** delivery id → until when its lease is known to last */
  readonly #held = new Map<string, number>();
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(opts: { store: Store; owner: string; leaseMs: number; timeoutMs: number; log: FastifyBaseLogger }) {
    this.#store = opts.store;
    this.#owner = opts.owner;
    this.#leaseMs = opts.leaseMs;
    this.#timeoutMs = opts.timeoutMs;
    this.#log = opts.log;
  }

  start(): void {
    this.#heartbeat = setInterval(() => void this.#renew(), Math.max(50, Math.floor(this.#leaseMs / 3)));
  }

  stop(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
  }

  /** Deliveries just claimed at `claimedAt`. */
  hold(deliveries: DeliveryRow[], claimedAt: number): void {
    for (const d of deliveries) this.#held.set(d.id, claimedAt + this.#leaseMs);
  }

  /** The delivery's outcome is recorded: its row no longer carries our lease. */
  drop(id: string): void {
    this.#held.delete(id);
  }

  /** True if an attempt started now would end before the lease does. */
  covers(id: string): boolean {
    const until = this.#held.get(id);
    return until !== undefined && Date.now() + this.#timeoutMs < until;
  }

  /** Gives deliveries back unsent; due at once (claim.ts releaseDeliveries). */
  async release(deliveries: DeliveryRow[]): Promise<void> {
    if (!deliveries.length) return;
    const ids = deliveries.map((d) => d.id);
    await writeOutgoing(this.#store, (db) => releaseDeliveries(db, ids, this.#owner, Date.now()), { atomic: false })
      .catch((err) => this.#log.error({ err }, 'giving back deliveries failed; their leases will run out'));
    for (const id of ids) this.#held.delete(id);
  }

  async #renew(): Promise<void> {
    if (!this.#held.size) return;
    const ids = [...this.#held.keys()];
    const until = Date.now() + this.#leaseMs;
    try {
      await writeOutgoing(this.#store, (db) => renewLeases(db, ids, this.#owner, until), { atomic: false });
      for (const id of ids) if (this.#held.has(id)) this.#held.set(id, until);
    } catch (err) {
      this.#log.warn({ err }, 'renewing delivery leases failed');
    }
  }
}
