/**
 * The transactional outbox: every event a conversation records gets one delivery per matching
 * webhook, inserted in the SAME transaction as the event. If the process dies after the commit,
 * the rows are there for any worker to claim; if the transaction rolls back, no delivery exists.
 *
 * Paused webhooks still collect deliveries (they go out when resumed); disabled ones do not.
 * This runs on the message write hot path, so its statements are the store's (store/hot-path/deliveries.ts).
 */
import type { Config } from '../config.ts';
import type { EventPort } from '../core/context.ts';
import { newId } from '../lib/ids.ts';
import { now } from '../lib/time.ts';
import { EVENT_TYPES, type DomainEvent, type EventType, type Message } from '../core/types.ts';
import { deliverableWebhooks, holdDelivery } from '../store/hot-path/deliveries.ts';
import { messageOriginWebhook } from '../store/hot-path/messages.ts';
import type { WriteTx } from '../store/write/write-tx.ts';
import { eventMessageId, wantsEvent, type Subscription, type WebhookFilters } from './filters.ts';
import { settingsFor } from './settings.ts';
import { announceDeliveries } from './wake.ts';

const DELIVERABLE = new Set<string>(EVENT_TYPES);

type Candidate = Subscription & { parallel: number; reply_hook_id: string | null; status: string };

/** The outbox's two sides, for runtime.ts to wire: `enqueue` (the outbox port) and `wakeDue` (after commit). */
export interface Outbox {
  /** inside the event's transaction: its deliveries */
  enqueue: EventPort;
  /** after commit: wakes the worker for the webhooks that got due deliveries */
  wakeDue: () => void;
}

/** `wake`: this node's delivery worker (ctx.ports.wakeDeliveries). */
export function createOutbox(config: Config, wake: (webhookIds: Set<string>) => void): Outbox {
  const firstDelayMs = settingsFor(config).scheduleSeconds[0] * 1000;
  // Webhooks with new due deliveries since the last wake (a rolled-back one only wakes in vain).
  let queued = new Set<string>();
  return {
    enqueue: async (tx, event) => {
      for (const id of (await enqueueDeliveries(tx, event, firstDelayMs)).due) queued.add(id);
    },
    wakeDue: () => {
      if (!queued.size) return;
      const ids = queued;
      queued = new Set();
      wake(ids);
    },
  };
}

const NONE = { count: 0, due: [] };

/** Holds the event's deliveries (inside store.write); `due`: the active webhooks among them (a worker should wake). */
export async function enqueueDeliveries(tx: WriteTx, event: DomainEvent, firstDelayMs: number): Promise<{ count: number; due: string[] }> {
  if (!DELIVERABLE.has(event.type)) return NONE;
  // Memoised for the transaction, and fetched for all the batch's conversations at once.
  const rows = await deliverableWebhooks(tx, event.conversation_id);
  const subscribed: Candidate[] = rows
    .map((row) => ({ ...row, parallel: Number(row.parallel), events: parseJson(row.events) as EventType[], filters: parseJson(row.filters) as WebhookFilters }))
    .filter((s) => s.events.includes(event.type));
  if (!subscribed.length) return NONE;
  const originOf = await originResolver(tx, event);
  const wanted = subscribed.filter((s) => wantsEvent(s, event, originOf(s)));
  if (!wanted.length) return NONE;
  const at = now();
  for (const s of wanted) {
    holdDelivery(tx, [newId('dlv'), s.id, event.conversation_id, event.id, event.type, event.seq, s.parallel ? 0 : 1, 'pending', at + firstDelayMs, at, at]);
  }
  const due = wanted.filter((s) => s.status === 'active').map((s) => s.id);
  if (due.length) announceDeliveries(tx);
  return { count: wanted.length, due };
}

/**
 * Which webhook's reply produced the event's message. A reply comes through the webhook's reply
 * hook (a `hook` message from its reply_hook_id) or from its delivery's response (a `bot` message
 * whose sender id is the webhook): both are known from the message itself, which is also what its
 * `origin_webhook_id` records. Case events carry only the message id, so those read the column.
 */
async function originResolver(tx: WriteTx, event: DomainEvent): Promise<(s: Candidate) => string | null> {
  const message = event.data.message as Message | undefined;
  if (message) {
    const { type, id } = message.sender;
    return (s) => ((type === 'hook' && id === s.reply_hook_id) || (type === 'bot' && id === s.id) ? s.id : null);
  }
  const messageId = eventMessageId(event);
  if (!messageId) return () => null;
  const origin = await messageOriginWebhook(tx, messageId);
  return () => origin;
}

/** The same few `events`/`filters` texts come by with every event: parse each once (read-only use). */
const parsed = new Map<string, unknown>();
function parseJson(text: string): unknown {
  let value = parsed.get(text);
  if (value === undefined) {
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(text, (value = JSON.parse(text)));
  }
  return value;
}
