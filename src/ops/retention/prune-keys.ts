/**
 * Keys that only need to live a while: Idempotency-Key answers (RETAIN_IDEMPOTENCY_KEYS; a repeat
 * after that is a new request) and the external message ids a bridge has taken (RETAIN_BRIDGE_SEEN;
 * gateways re-send within minutes, not weeks). Both tables are keyed by several columns, so a batch
 * is picked as row values: `(a, b) in (select a, b … limit n)`, on SQLite as on PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface KeysInput {
  beforeMs: number;
  batchRows: number;
  skipLocked: boolean;
}

/** One batch of idempotency keys created before `beforeMs`; returns how many went. */
export async function pruneIdempotencyKeys(db: Kysely<Database>, input: KeysInput): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys')
    .where((eb) => eb(eb.refTuple('scope', 'key'), 'in', eb.selectFrom('idempotency_keys as k')
      .select(['k.scope', 'k.key'])
      .where('k.created_at', '<', input.beforeMs)
      .limit(input.batchRows)
      .$if(input.skipLocked, (q) => q.forUpdate().skipLocked())
      .$asTuple('scope', 'key')))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** One batch of bridge de-duplication keys created before `beforeMs`; returns how many went. */
export async function pruneBridgeSeen(db: Kysely<Database>, input: KeysInput): Promise<number> {
  const result = await db.deleteFrom('bridge_seen_messages')
    .where((eb) => eb(eb.refTuple('bridge_id', 'external_chat_id', 'external_message_id'), 'in', eb.selectFrom('bridge_seen_messages as s')
      .select(['s.bridge_id', 's.external_chat_id', 's.external_message_id'])
      .where('s.created_at', '<', input.beforeMs)
      .limit(input.batchRows)
      .$if(input.skipLocked, (q) => q.forUpdate().skipLocked())
      .$asTuple('bridge_id', 'external_chat_id', 'external_message_id')))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
