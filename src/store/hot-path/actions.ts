/**
 * The actions outbox's lookups (bots/actions/enqueue-actions.ts): per event, one memoised read
 * decides whether a conversation has actions or a bridge reply at all (for the whole batch at once).
 */
import type { WriteTx } from '../write/write-tx.ts';
import { memoRead, statement } from '../write/statements.ts';

const SELECT_SCOPE = memoRead(
  (conversationIds) => `select c.id, c.title, c.kind, c.status, c.contact_name, c.contact_phone, c.contact_email, c.contact_external_id, c.bridge_id,
  b.name as bridge_name, b.scope as bridge_scope, b.attributes as bridge_attributes, b.reply as bridge_reply,
  case when exists (select 1 from actions a where a.event = ? and a.status = 'active' and (a.conversation_id = c.id or a.bridge_id = c.bridge_id)) then 1 else 0 end as has_actions
  from conversations c left join bridges b on b.id = c.bridge_id where c.id in (${conversationIds})`,
  'id',
  // Not the columns the sequence counters write back (last_seq, updated_at): those are held.
  'conversations(id, title, kind, status, contact_name, contact_phone, contact_email, contact_external_id, bridge_id)',
  'bridges',
  'actions',
);

export interface ActionScopeRow {
  id: string;
  title: string;
  kind: string;
  status: string;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_external_id: string | null;
  bridge_id: string | null;
  bridge_name: string | null;
  bridge_scope: string | null;
  bridge_attributes: string | null;
  bridge_reply: string | null;
  has_actions: number;
}

/** The conversation, its bridge, and whether active actions on `eventType` exist for it. */
export async function actionScope(tx: WriteTx, eventType: string, conversationId: string): Promise<ActionScopeRow | undefined> {
  return (await tx.memoByKey<ActionScopeRow>(SELECT_SCOPE, [eventType], conversationId))[0];
}

const SELECT_ACTIONS = statement("select id, conditions, request from actions where event = ? and status = 'active' and (conversation_id = ? or bridge_id = ?) order by created_at, id", 'actions');

/** The active actions on `eventType` of the conversation and of its bridge, oldest first. */
export function activeActions(tx: WriteTx, eventType: string, conversationId: string, bridgeId: string | null): Promise<{ id: string; conditions: string; request: string }[]> {
  return tx.run(SELECT_ACTIONS, [eventType, conversationId, bridgeId ?? '']);
}

const SELECT_CARRIER = statement('select id, status from webhooks where action_id = ? and conversation_id = ?', 'webhooks');

/** The carrier webhook of an action (or a bridge's reply) in a conversation, if it exists yet. */
export async function findCarrier(tx: WriteTx, ownerId: string, conversationId: string): Promise<{ id: string; status: string } | undefined> {
  return (await tx.run<{ id: string; status: string }>(SELECT_CARRIER, [ownerId, conversationId]))[0];
}
