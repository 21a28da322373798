/**
 * The outbox of actions and bridge replies: inside the event's transaction (like the webhook
 * outbox), the event's matching actions and its bridge's reply each get their deliveries on their
 * carrier webhook (carriers.ts); the delivery worker sends them with the `rest` format.
 *
 * One query per event decides whether anything applies, so conversations without actions or a
 * bridge reply pay one indexed lookup.
 */
import type { Kysely } from 'kysely';
import type { CoreContext } from '../../core/context.ts';
import { newId } from '../../lib/ids.ts';
import { now } from '../../lib/time.ts';
import { EVENT_TYPES, type DomainEvent, type Message } from '../../core/types.ts';
import type { ReplyCall } from '../../mapping/reply-call.ts';
import { settingsFor } from '../../outgoing/settings.ts';
import { announceDeliveries, wakeDeliveries } from '../../outgoing/wake.ts';
import { rawAll, rawMemoByKey } from '../../store/raw-sql.ts';
import type { Database } from '../../store/schema.ts';
import { ensureCarrier } from './carriers.ts';
import { conditionsHold, type ActionCondition } from './conditions.ts';
import { buildSubject, messageOf, partsFor, type ActionBridge, type ActionConversation } from './subject.ts';

const DELIVERABLE = new Set<string>(EVENT_TYPES);
const SELECT_SCOPE = (conversationIds: string) => `select c.id, c.title, c.kind, c.status, c.contact_name, c.contact_phone, c.contact_email, c.contact_external_id, c.bridge_id,
  b.name as bridge_name, b.scope as bridge_scope, b.attributes as bridge_attributes, b.reply as bridge_reply,
  case when exists (select 1 from actions a where a.event = ? and a.status = 'active' and (a.conversation_id = c.id or a.bridge_id = c.bridge_id)) then 1 else 0 end as has_actions
  from conversations c left join bridges b on b.id = c.bridge_id where c.id in (${conversationIds})`;
const SELECT_ACTIONS = "select id, conditions, request from actions where event = ? and status = 'active' and (conversation_id = ? or bridge_id = ?) order by created_at, id";

type ScopeRow = ActionConversation & { bridge_name: string | null; bridge_scope: string | null; bridge_attributes: string | null; bridge_reply: string | null; has_actions: number };

/** Registers the actions outbox beside the webhook outbox (start-outgoing.ts). */
export function installActionOutbox(ctx: CoreContext): void {
  const firstDelayMs = settingsFor(ctx.config).scheduleSeconds[0] * 1000;
  let queued = false;
  ctx.inTransaction.push(async (db, event) => {
    if ((await enqueueActionCalls(ctx, db, event, firstDelayMs)) > 0) queued = true;
  });
  ctx.committed.push(() => {
    if (!queued) return;
    queued = false;
    wakeDeliveries(ctx);
  });
}

/**
 * A bridge's reply carries what our side writes: users, bots and hooks, never the contact's
 * messages nor those the bridge itself stored from the gateway (sender: bot, id = the bridge).
 */
export function isOperatorMessage(message: Message, bridgeId: string): boolean {
  const { type, id } = message.sender;
  if (type === 'bot') return id !== bridgeId;
  return type === 'user' || type === 'hook';
}

/** Inserts the event's action and reply deliveries; returns how many. */
export async function enqueueActionCalls(ctx: CoreContext, db: Kysely<Database>, event: DomainEvent, firstDelayMs: number): Promise<number> {
  if (!DELIVERABLE.has(event.type)) return 0;
  // Memoised for the transaction (it reads no column the held writes change: write-behind.ts),
  // and fetched for all the batch's conversations at once.
  const [scope] = (await rawMemoByKey(db, SELECT_SCOPE, [event.type], 'id', event.conversation_id)) as unknown as ScopeRow[];
  if (!scope) return 0;
  const message = messageOf(event);
  const reply = scope.bridge_id && scope.bridge_reply && message && isOperatorMessage(message, scope.bridge_id) ? (JSON.parse(scope.bridge_reply) as ReplyCall) : null;
  if (!reply && !Number(scope.has_actions)) return 0;

  const bridge: ActionBridge | null = scope.bridge_id
    ? { id: scope.bridge_id, name: scope.bridge_name ?? '', scope: scope.bridge_scope ?? '', attributes: JSON.parse(scope.bridge_attributes ?? '{}') }
    : null;
  const targets: { owner: string; call: ReplyCall }[] = reply ? [{ owner: scope.bridge_id!, call: reply }] : [];
  if (Number(scope.has_actions)) {
    const subject = buildSubject(event, scope, bridge);
    const actions = await rawAll<{ id: string; conditions: string; request: string }>(db, SELECT_ACTIONS, [event.type, event.conversation_id, scope.bridge_id ?? '']);
    for (const action of actions) {
      if (conditionsHold(JSON.parse(action.conditions) as ActionCondition[], subject)) targets.push({ owner: action.id, call: JSON.parse(action.request) as ReplyCall });
    }
  }
  const at = now();
  let count = 0;
  for (const { owner, call } of targets) {
    const carrier = await ensureCarrier(db, owner, event.conversation_id, call.url, at);
    if (carrier.status !== 'active') continue; // disabled after long failure: resume it to send again
    const rows = partsFor(call, message).map((part) => ({
      id: newId('dlv'), webhook_id: carrier.id, conversation_id: event.conversation_id, event_id: event.id, event_type: event.type,
      seq: event.seq, sample: null, ordered: 1, status: 'pending' as const, attempts: 0, auto_attempts: 0, manual_retry: 0,
      next_attempt_at: at + firstDelayMs, lease_owner: null, lease_until: null, last_status_code: null, last_error: null,
      created_at: at, updated_at: at, part,
    }));
    await db.insertInto('deliveries').values(rows).execute();
    count += rows.length;
  }
  if (count) await announceDeliveries(ctx, db);
  return count;
}
