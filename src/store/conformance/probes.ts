/**
 * What the conformance suites hold and watch, so that they wait on events, not on time: a gate a
 * test opens, and PostgreSQL's own view of a connection that waits for a lock.
 */
import type pg from 'pg';

export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

/** A promise the test resolves when it chooses. */
export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Tracks whether a promise has settled yet, without handling its outcome for the caller. */
export function settledFlag(promise: Promise<unknown>): { readonly settled: boolean } {
  const flag = { settled: false };
  promise.then(
    () => (flag.settled = true),
    () => (flag.settled = true),
  );
  return flag;
}

/** Lets everything already runnable run: timers due now, I/O callbacks, promise chains. */
export async function turns(count = 10): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Resolves once some connection of this database waits for a lock that another one holds (an
 * advisory key, a row, a table), as pg_stat_activity shows it; rejects after `timeoutMs`.
 */
export async function lockWaitSeen(client: pg.Client, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
    if (rows[0].n > 0) return;
    if (Date.now() > until) throw new Error('no connection ever waited for a lock');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Which of two promises settles first (rejections count as settling). */
export async function first<A extends string, B extends string>(a: [A, Promise<unknown>], b: [B, Promise<unknown>]): Promise<A | B> {
  const tag = <T extends string>(name: T, p: Promise<unknown>) => p.then(() => name, () => name);
  return Promise.race([tag(...a), tag(...b)]);
}

/**
 * PostgreSQL: makes every COMMIT of a transaction that inserted into `table` wait until the
 * returned release is called (a deferred constraint trigger, run inside COMMIT, waits for an
 * advisory lock `client` holds). `client` must stay free for the test's other queries.
 */
export async function holdCommits(client: pg.Client, table: string): Promise<{ release(): Promise<void> }> {
  await client.query(`create function conformance_hold_commit() returns trigger language plpgsql as $$
    begin perform pg_advisory_xact_lock(4242); return null; end $$`);
  await client.query(`create constraint trigger conformance_hold after insert on ${table}
    deferrable initially deferred for each row execute function conformance_hold_commit()`);
  await client.query('select pg_advisory_lock(4242)');
  let held = true;
  return {
    async release() {
      if (held) await client.query('select pg_advisory_unlock(4242)');
      held = false;
    },
  };
}
