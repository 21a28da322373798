/**
 * `Idempotency-Key`: the first answer to a key is stored in the same transaction as the write it
 * answers, so a repeat (even one racing the first) gets that answer again and writes nothing.
 */
import type { WriteTx } from '../store/write/write-tx.ts';
import type { CoreContext } from './context.ts';
import { invalidField } from './errors.ts';
import { now } from '../lib/time.ts';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface StoredAnswer {
  status_code: number;
  content_type: string;
  body: string;
}

/** Thrown inside a write when another request with the same key committed first; the write rolls back. */
export class IdempotencyRace extends Error {}

export function checkIdempotencyKey(key: string | undefined): string | null {
  if (key === undefined || key === '') return null;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) throw invalidField('Idempotency-Key', `must have at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  return key;
}

export async function findStoredAnswer(ctx: CoreContext, scope: string, key: string): Promise<StoredAnswer | null> {
  const row = await ctx.store.db.selectFrom('idempotency_keys').select(['status_code', 'content_type', 'body']).where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
  return row ?? null;
}

/** Inside the write it answers (postMessage's AfterWrite). */
export async function recordAnswer(tx: WriteTx, scope: string, key: string, answer: StoredAnswer): Promise<void> {
  const inserted = await tx.db
    .insertInto('idempotency_keys')
    .values({ scope, key, ...answer, created_at: now() })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) throw new IdempotencyRace(`idempotency key ${key} was used concurrently`);
}
