/**
 * The outbox of actions and bridge replies: inside the event's transaction (like the webhook
 * outbox), the event's matching actions and its bridge's reply each get their deliveries on their
 * carrier webhook (carriers.ts); the delivery worker sends them with the `rest` format.
 *
 * One query per event decides whether anything applies, so conversations without actions or a
 * bridge reply pay one indexed lookup.
 */
import type { Config } from '../../config.ts';
import type { EventPort } from '../../core/context.ts';
import { newId } from '../../lib/ids.ts';
import { now } from '../../lib/time.ts';
import { EVENT_TYPES, type DomainEvent, type Message } from '../../core/types.ts';
import type { ReplyCall } from '../../mapping/reply-call.ts';
import { settingsFor } from '../../outgoing/settings.ts';
import { announceDeliveries } from '../../outgoing/wake.ts';
import { actionScope, activeActions } from '../../store/hot-path/actions.ts';
import type { WriteTx } from '../../store/write/write-tx.ts';
import { ensureCarrier } from './carriers.ts';
import { conditionsHold, type ActionCondition } from './conditions.ts';
import { buildSubject, messageOf, partsFor, type ActionBridge, type ActionConversation } from './subject.ts';

const DELIVERABLE = new Set<string>(EVENT_TYPES);
type ScopeRow = ActionConversation & { bridge_name: string | null; bridge_scope: string | null; bridge_attributes: string | null; bridge_reply: string | null; has_actions: number };

/** The actions outbox's two sides, for runtime.ts to wire: `enqueue` (the bot actions port) and `wakeDue` (after commit). */
export interface ActionOutbox {
  enqueue: EventPort;
  wakeDue: () => void;
}

/** `wake`: this node's delivery worker (ctx.ports.wakeDeliveries), which sends the calls. */
export function createActionOutbox(config: Config, wake: () => void): ActionOutbox {
  const firstDelayMs = settingsFor(config).scheduleSeconds[0] * 1000;
  let queued = false;
  return {
    enqueue: async (tx, event) => {
      if ((await enqueueActionCalls(tx, event, firstDelayMs)) > 0) queued = true;
    },
    wakeDue: () => {
      if (!queued) return;
      queued = false;
      wake();
    },
  };
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
export async function enqueueActionCalls(tx: WriteTx, event: DomainEvent, firstDelayMs: number): Promise<number> {
  if (!DELIVERABLE.has(event.type)) return 0;
  // Memoised for the transaction, and fetched for all the batch's conversations at once.
  const scope = (await actionScope(tx, event.type, event.conversation_id)) as ScopeRow | undefined;
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
    const actions = await activeActions(tx, event.type, event.conversation_id, scope.bridge_id);
    for (const action of actions) {
      if (conditionsHold(JSON.parse(action.conditions) as ActionCondition[], subject)) targets.push({ owner: action.id, call: JSON.parse(action.request) as ReplyCall });
    }
  }
  const at = now();
  let count = 0;
  for (const { owner, call } of targets) {
    const carrier = await ensureCarrier(tx, owner, event.conversation_id, call.url, at);
    if (carrier.status !== 'active') continue; // disabled after long failure: resume it to send again
    const rows = partsFor(call, message).map((part) => ({
      id: newId('dlv'), webhook_id: carrier.id, conversation_id: event.conversation_id, event_id: event.id, event_type: event.type,
      seq: event.seq, sample: null, ordered: 1, status: 'pending' as const, attempts: 0, auto_attempts: 0, manual_retry: 0,
      next_attempt_at: at + firstDelayMs, lease_owner: null, lease_until: null, last_status_code: null, last_error: null,
      created_at: at, updated_at: at, part,
    }));
    await tx.db.insertInto('deliveries').values(rows).execute();
    count += rows.length;
  }
  if (count) announceDeliveries(tx);
  return count;
}
