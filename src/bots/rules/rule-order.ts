/**
 * The order of a conversation's rules: `position` is the rule's 0-based index in the list, kept a
 * dense 0..n-1 sequence by rewriting it inside the transaction that adds, moves or removes a rule.
 * Rows written before reordering existed may hold other numbers (the first rule got 1, deletes left
 * gaps); the first such write renumbers them, and until then their relative order is what counts.
 */
import type { Kysely } from 'kysely';
import { SwitchboardError, invalidField } from '../../core/errors.ts';
import type { Database } from '../../store/schema.ts';
import type { Engine } from '../../store/engine.ts';

/**
 * Serialises the order writes of one conversation until the transaction ends: two concurrent
 * moves would each renumber from what they read (where writes are serial this costs nothing).
 */
export async function lockRuleOrder(db: Kysely<Database>, engine: Engine, conversationId: string): Promise<void> {
  await engine.lockKey(db, `rules:${conversationId}`);
}

/**
 * Writes positions 0..n-1 in the current order, with `move.id` taken out and put back at index
 * `move.to`, and returns the ids in their new order. Only rows whose number changes are written.
 * @example await renumberRules(trx, conversationId, { id: rule.id, to: 0 }) // rule first
 */
export async function renumberRules(db: Kysely<Database>, conversationId: string, move?: { id: string; to: unknown }): Promise<string[]> {
  const rows = await db
    .selectFrom('rules')
    .select(['id', 'position'])
    .where('conversation_id', '=', conversationId)
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const order = rows.filter((row) => row.id !== move?.id);
  if (move) {
    const moved = rows.find((row) => row.id === move.id);
    // deleted since the caller read it
    if (!moved) throw new SwitchboardError('rule_not_found', 'rule not found');
    const to = move.to;
    if (typeof to !== 'number' || !Number.isInteger(to) || to < 0 || to >= rows.length) {
      throw invalidField('position', `must be a whole number from 0 to ${rows.length - 1} (the rule's index in the conversation's ${rows.length} rules)`);
    }
    order.splice(to, 0, moved);
  }
  for (const [index, row] of order.entries()) {
    if (row.position !== index) await db.updateTable('rules').set({ position: index }).where('id', '=', row.id).execute();
  }
  return order.map((row) => row.id);
}
