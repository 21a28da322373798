/**
 * Claiming due deliveries with a lease, run inside one write transaction. PostgreSQL locks the
 * chosen rows `FOR UPDATE SKIP LOCKED`, so workers on several nodes never take the same row; SQLite
 * has one writer, so the same statements are atomic there as they are.
 *
 * Order policy: an ordered webhook (not `parallel`) has a line of open deliveries (pending, failed,
 * sending) in event `seq` order, and only its head may be claimed: nothing of that webhook goes out
 * while an earlier delivery is waiting for a retry or in flight. A dead or delivered one no longer
 * blocks. From a claimed head the claim extends to the next due deliveries of the same line (a run,
 * sent one after another by one worker), which keeps order and amortises the claim. Parallel
 * webhooks' and test deliveries (`ordered = 0`) are claimed one by one, oldest due first. Manual
 * retries bypass both the schedule and the line.
 *
 * A claim sets `lease_until`; an automatic claim also sets status `sending` and `next_attempt_at`
 * to the lease expiry, so a delivery whose worker died becomes due again when its lease runs out.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Database, DeliveriesTable } from '../store/schema.ts';
import type { Engine } from '../store/engine.ts';

export type DeliveryRow = Selectable<DeliveriesTable>;

/** Deliveries one worker sends one after another: a single one, or an ordered webhook's run. */
export interface Run {
  deliveries: DeliveryRow[];
  /** claimed by a manual retry (outside the schedule) */
  manual: boolean;
}

export interface ClaimOptions {
  engine: Engine;
  owner: string;
  now: number;
  leaseMs: number;
  /** most runs to claim */
  limit: number;
  /** most deliveries in one ordered run */
  runMax: number;
}

export async function claimDueDeliveries(db: Kysely<Database>, o: ClaimOptions): Promise<Run[]> {
  const lock = o.engine.skipLocked('d');
  const until = o.now + o.leaseMs;
  const due = sql`d.next_attempt_at <= ${o.now} and (d.lease_until is null or d.lease_until < ${o.now})`;
  const runs: Run[] = [];

  const manual = await claim(db, sql`lease_owner = ${o.owner}, lease_until = ${until}, updated_at = ${o.now}`, sql`
    select d.id from deliveries d join webhooks w on w.id = d.webhook_id
    where d.manual_retry = 1 and (d.lease_until is null or d.lease_until < ${o.now}) and w.status = 'active'
    order by d.seq limit ${o.limit} ${lock}`);
  runs.push(...manual.map((d) => ({ deliveries: [d], manual: true })));

  const take = takeSet(o);
  if (runs.length < o.limit) {
    const heads = await claim(db, take, sql`
      select d.id from webhooks w
      join deliveries d on d.id = (
        select e.id from deliveries e
        where e.webhook_id = w.id and e.ordered = 1 and e.status in ('pending', 'failed', 'sending')
        order by e.seq limit 1)
      where w.status = 'active' and ${due}
      order by d.next_attempt_at limit ${o.limit - runs.length} ${lock}`);
    for (const head of heads) runs.push({ deliveries: [head, ...(await extendRun(db, head, take, o))], manual: false });
  }

  if (runs.length < o.limit) {
    const single = await claim(db, take, sql`
      select d.id from deliveries d join webhooks w on w.id = d.webhook_id
      where d.ordered = 0 and d.status in ('pending', 'failed', 'sending') and ${due} and w.status = 'active'
      order by d.next_attempt_at limit ${o.limit - runs.length} ${lock}`);
    runs.push(...single.map((d) => ({ deliveries: [d], manual: false })));
  }
  return runs;
}

/** An automatic claim: `sending`, leased, due again when the lease runs out. */
function takeSet(o: Pick<ClaimOptions, 'owner' | 'now' | 'leaseMs'>): RawBuilder<unknown> {
  const until = o.now + o.leaseMs;
  return sql`status = 'sending', lease_owner = ${o.owner}, lease_until = ${until}, next_attempt_at = ${until}, updated_at = ${o.now}`;
}

/**
 * More of an ordered line the caller is sending: the due deliveries right behind `last`, which the
 * caller claimed (so it holds the line). Lets a busy webhook's run go on without a new claim.
 */
export function continueRun(db: Kysely<Database>, last: DeliveryRow, o: Omit<ClaimOptions, 'limit'>): Promise<DeliveryRow[]> {
  return extendRun(db, last, takeSet(o), { ...o, runMax: o.runMax + 1 });
}

async function claim(db: Kysely<Database>, set: RawBuilder<unknown>, ids: RawBuilder<unknown>): Promise<DeliveryRow[]> {
  const result = await sql<DeliveryRow>`update deliveries set ${set} where id in (${ids}) returning *`.execute(db);
  return result.rows;
}

/**
 * The due deliveries right behind a claimed head, in seq order, up to the first one that is not due
 * (a later one must not overtake it). Only the head's claimer can reach these rows through the line,
 * so no lock is needed; the conditional update still guards against a concurrent manual retry.
 */
async function extendRun(db: Kysely<Database>, head: DeliveryRow, take: RawBuilder<unknown>, o: Omit<ClaimOptions, 'limit'>): Promise<DeliveryRow[]> {
  if (o.runMax <= 1) return [];
  const next = await db
    .selectFrom('deliveries')
    .select(['id', 'next_attempt_at', 'lease_until'])
    .where('webhook_id', '=', head.webhook_id)
    .where(sql<boolean>`ordered = 1 and status in ('pending', 'failed', 'sending')`)
    .where('seq', '>', head.seq)
    .orderBy('seq')
    .limit(o.runMax - 1)
    .execute();
  const dueIds: string[] = [];
  for (const row of next) {
    const due = row.next_attempt_at !== null && row.next_attempt_at <= o.now && (row.lease_until === null || row.lease_until < o.now);
    if (!due) break;
    dueIds.push(row.id);
  }
  if (!dueIds.length) return [];
  const claimed = await sql<DeliveryRow>`
    update deliveries set ${take}
    where id in (${sql.join(dueIds)}) and (lease_until is null or lease_until < ${o.now})
    returning *`.execute(db);
  const byId = new Map(claimed.rows.map((row) => [row.id, row]));
  // Keep the unbroken prefix; anything claimed past a gap would overtake the gap, so release it.
  const run: DeliveryRow[] = [];
  for (const id of dueIds) {
    const row = byId.get(id);
    if (!row) break;
    run.push(row);
    byId.delete(id);
  }
  if (byId.size) await releaseDeliveries(db, [...byId.keys()], o.owner, o.now);
  return run;
}

/** Gives claimed deliveries back unsent (shutdown, a run cut short): due now, as they were. */
export async function releaseDeliveries(db: Kysely<Database>, ids: string[], owner: string, now: number): Promise<void> {
  if (!ids.length) return;
  await sql`update deliveries set ${releaseSet(now)} where id in (${sql.join(ids)}) and lease_owner = ${owner}`.execute(db);
}

/**
 * At start: gives back the leases a previous process left, due at once instead of when they run
 * out. `{ owner }`: this node's id, whose previous process is dead (two live processes never share
 * an id); `'every'` on SQLite, where one process owns the database file, so every lease is stale.
 * A delivery that was mid-attempt is sent again with the same id (at least once). Returns how many.
 */
export async function releaseStaleLeases(db: Kysely<Database>, whose: { owner: string } | 'every', now: number): Promise<number> {
  const leased = whose === 'every' ? sql`lease_owner is not null` : sql`lease_owner = ${whose.owner}`;
  const result = await sql`update deliveries set ${releaseSet(now)} where ${leased}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** A released delivery is as it was before its claim, due now; a manual retry stays asked for. */
function releaseSet(now: number): RawBuilder<unknown> {
  return sql`
    status = case when status <> 'sending' then status when auto_attempts > 0 then 'failed' else 'pending' end,
    next_attempt_at = case when status = 'sending' then ${now} else next_attempt_at end,
    lease_owner = null, lease_until = null, updated_at = ${now}`;
}

/** Heartbeat: pushes the leases of deliveries still in flight forward. */
export async function renewLeases(db: Kysely<Database>, ids: string[], owner: string, until: number): Promise<void> {
  if (!ids.length) return;
  await sql`
    update deliveries set lease_until = ${until}, next_attempt_at = case when status = 'sending' then ${until} else next_attempt_at end
    where id in (${sql.join(ids)}) and lease_owner = ${owner}`.execute(db);
}
