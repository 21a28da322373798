/**
 * The transactional outbox: every event a conversation records gets one delivery per matching
 * webhook, inserted in the SAME transaction as the event. If the process dies after the commit,
 * the rows are there for any worker to claim; if the transaction rolls back, no delivery exists.
 *
 * Paused webhooks still collect deliveries (they go out when resumed); disabled ones do not.
 * This runs on the message write hot path, so its two statements are prepared SQL (raw-sql.ts).
 */
import type { Kysely } from 'kysely';
import type { CoreContext } from '../core/context.ts';
import { newId } from '../lib/ids.ts';
import { now } from '../lib/time.ts';
import { EVENT_TYPES, type DomainEvent, type EventType, type Message } from '../core/types.ts';
import { rawAll, rawInsert, rawMemoByKey } from '../store/raw-sql.ts';
import type { Database } from '../store/schema.ts';
import { eventMessageId, wantsEvent, type Subscription, type WebhookFilters } from './filters.ts';
import { settingsFor } from './settings.ts';
import { announceDeliveries, wakeDeliveries } from './wake.ts';

const DELIVERABLE = new Set<string>(EVENT_TYPES);
const SELECT_WEBHOOKS = (conversationIds: string) => `select conversation_id, id, events, filters, parallel, reply_hook_id, status from webhooks where conversation_id in (${conversationIds}) and status in ('active', 'paused')`;
const COLUMNS = ['id', 'webhook_id', 'conversation_id', 'event_id', 'event_type', 'seq', 'ordered', 'status', 'next_attempt_at', 'created_at', 'updated_at'];

type Candidate = Subscription & { parallel: number; reply_hook_id: string | null; status: string };

/** Registers the outbox on the context: the in-transaction insert and the wake-up after commit. */
export function installOutbox(ctx: CoreContext): void {
  const firstDelayMs = settingsFor(ctx.config).scheduleSeconds[0] * 1000;
  // Webhooks with new due deliveries since the last wake (a rolled-back one only wakes in vain).
  let queued = new Set<string>();
  ctx.inTransaction.push(async (db, event) => {
    for (const id of (await enqueueDeliveries(ctx, db, event, firstDelayMs)).due) queued.add(id);
  });
  ctx.committed.push(() => {
    if (!queued.size) return;
    const ids = queued;
    queued = new Set();
    wakeDeliveries(ctx, ids);
  });
}

const NONE = { count: 0, due: [] };

/** Inserts the event's deliveries (inside store.write); `due`: the active webhooks among them (a worker should wake). */
export async function enqueueDeliveries(ctx: CoreContext, db: Kysely<Database>, event: DomainEvent, firstDelayMs: number): Promise<{ count: number; due: string[] }> {
  if (!DELIVERABLE.has(event.type)) return NONE;
  // Memoised for the transaction, and fetched for all the batch's conversations at once.
  const rows = (await rawMemoByKey(db, SELECT_WEBHOOKS, [], 'conversation_id', event.conversation_id)) as { id: string; events: string; filters: string; parallel: number; reply_hook_id: string | null; status: string }[];
  const subscribed: Candidate[] = rows
    .map((row) => ({ ...row, parallel: Number(row.parallel), events: parseJson(row.events) as EventType[], filters: parseJson(row.filters) as WebhookFilters }))
    .filter((s) => s.events.includes(event.type));
  if (!subscribed.length) return NONE;
  const originOf = await originResolver(db, event);
  const wanted = subscribed.filter((s) => wantsEvent(s, event, originOf(s)));
  if (!wanted.length) return NONE;
  const at = now();
  for (const s of wanted) {
    rawInsert(db, 'deliveries', COLUMNS, [newId('dlv'), s.id, event.conversation_id, event.id, event.type, event.seq, s.parallel ? 0 : 1, 'pending', at + firstDelayMs, at, at]);
  }
  const due = wanted.filter((s) => s.status === 'active').map((s) => s.id);
  if (due.length) await announceDeliveries(ctx, db);
  return { count: wanted.length, due };
}

/**
 * Which webhook's reply produced the event's message. A reply comes through the webhook's reply
 * hook (a `hook` message from its reply_hook_id) or from its delivery's response (a `bot` message
 * whose sender id is the webhook): both are known from the message itself, which is also what its
 * `origin_webhook_id` records. Case events carry only the message id, so those read the column.
 */
async function originResolver(db: Kysely<Database>, event: DomainEvent): Promise<(s: Candidate) => string | null> {
  const message = event.data.message as Message | undefined;
  if (message) {
    const { type, id } = message.sender;
    return (s) => ((type === 'hook' && id === s.reply_hook_id) || (type === 'bot' && id === s.id) ? s.id : null);
  }
  const messageId = eventMessageId(event);
  if (!messageId) return () => null;
  const [row] = await rawAll<{ origin_webhook_id: string | null }>(db, 'select origin_webhook_id from messages where id = ?', [messageId]);
  const origin = row?.origin_webhook_id ?? null;
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
