/** Membership rows written inside a caller's transaction; adding a member twice is harmless. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

/** Adds the users that exist among `userIds` (a deleted operator is skipped, not an error). */
export async function addMemberRows(db: Kysely<Database>, conversationId: string, userIds: string[], at: number): Promise<void> {
  const wanted = [...new Set(userIds)];
  if (!wanted.length) return;
  const existing = await db.selectFrom('users').select('id').where('id', 'in', wanted).execute();
  if (!existing.length) return;
  await db
    .insertInto('members')
    .values(existing.map((u) => ({ conversation_id: conversationId, user_id: u.id, created_at: at })))
    .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doNothing())
    .execute();
}
