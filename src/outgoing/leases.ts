/**
 * The leases one worker holds. Policy: a heartbeat every lease/3 pushes them all forward, and an
 * attempt starts only if the lease still covers its whole timeout, so no other worker can claim the
 * delivery while it is being sent. Giving deliveries back (release) clears their lease at once; on
 * stop, everything held that no attempt has started on is given back (releaseWaiting).
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
  readonly #now: () => number;
  /** delivery id → until when its lease is known to last */
  readonly #held = new Map<string, number>();
  /** held deliveries whose attempt has started: a stop lets them finish */
  readonly #attempting = new Set<string>();
  #heartbeat: NodeJS.Timeout | null = null;

  /** `now`: the clock leases are measured by (tests move it instead of waiting). */
  constructor(opts: { store: Store; owner: string; leaseMs: number; timeoutMs: number; log: FastifyBaseLogger; now?: () => number }) {
    this.#store = opts.store;
    this.#owner = opts.owner;
    this.#leaseMs = opts.leaseMs;
    this.#timeoutMs = opts.timeoutMs;
    this.#log = opts.log;
    this.#now = opts.now ?? Date.now;
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

  /** An attempt of this held delivery starts now. */
  begin(id: string): void {
    this.#attempting.add(id);
  }

  /** The delivery's outcome is recorded: its row no longer carries our lease. */
  drop(id: string): void {
    this.#held.delete(id);
    this.#attempting.delete(id);
  }

  /** True if an attempt started now would end before the lease does. */
  covers(id: string): boolean {
    const until = this.#held.get(id);
    return until !== undefined && this.#now() + this.#timeoutMs < until;
  }

  /** Gives deliveries back unsent; due at once (claim.ts releaseDeliveries). */
  release(deliveries: DeliveryRow[]): Promise<void> {
    return this.#release(deliveries.map((d) => d.id));
  }

  /**
   * Stopping: every held delivery no attempt has started on goes back now, due at once, so another
   * node (or this one's next start) takes it instead of waiting for the lease to run out.
   */
  releaseWaiting(): Promise<void> {
    return this.#release([...this.#held.keys()].filter((id) => !this.#attempting.has(id)));
  }

  async #release(ids: string[]): Promise<void> {
    if (!ids.length) return;
    // Forgotten first, so no attempt starts on them while the write runs.
    for (const id of ids) {
      this.#held.delete(id);
      this.#attempting.delete(id);
    }
    await writeOutgoing(this.#store, (db) => releaseDeliveries(db, ids, this.#owner, this.#now()), { atomic: false })
      .catch((err) => this.#log.error({ err }, 'giving back deliveries failed; their leases will run out'));
  }

  async #renew(): Promise<void> {
    if (!this.#held.size) return;
    const ids = [...this.#held.keys()];
    const until = this.#now() + this.#leaseMs;
    try {
      await writeOutgoing(this.#store, (db) => renewLeases(db, ids, this.#owner, until), { atomic: false });
      for (const id of ids) if (this.#held.has(id)) this.#held.set(id, until);
    } catch (err) {
      this.#log.warn({ err }, 'renewing delivery leases failed');
    }
  }
}
