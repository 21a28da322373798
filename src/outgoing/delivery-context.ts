/**
 * Loads what the formats need for a batch of claimed deliveries, with one query per kind of record
 * (events, conversations, webhooks, authors, hooks, cases) rather than per delivery, so formats stay
 * pure and the worker's database time stays flat as the batch grows.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { conversationView } from '../core/conversations/conversations.ts';
import { iso } from '../core/time.ts';
import type { DomainEvent, EventType, Message } from '../core/types.ts';
import type { Database } from '../store/schema.ts';
import type { DeliveryRow } from './claim.ts';
import type { DeliveryContext } from './formats/types.ts';
import { hookUrl } from '../core/hooks/hooks.ts';
import { selectWebhooks, type WebhookRow } from './webhook-view.ts';

/** A test delivery's stand-in event (not stored in `events`). */
export interface Sample {
  event: DomainEvent;
  message: Message;
}

type CaseInfo = NonNullable<DeliveryContext['case']>;

export interface LoadedBatch {
  webhooks: Map<string, WebhookRow>;
  /** deliveries whose event or webhook vanished (deleted meanwhile) have no context */
  contexts: Map<string, DeliveryContext>;
}

export async function loadDeliveryContexts(db: Kysely<Database>, config: Config, deliveries: DeliveryRow[]): Promise<LoadedBatch> {
  const unique = <T>(values: (T | null | undefined)[]) => [...new Set(values.filter((v): v is T => v != null))];
  const webhooks = new Map((await inList(unique(deliveries.map((d) => d.webhook_id)), (ids) => selectWebhooks(db).where('webhooks.id', 'in', ids).execute())).map((w) => [w.id, w]));
  const eventRows = await inList(unique(deliveries.filter((d) => !d.sample).map((d) => d.event_id)), (ids) =>
    db.selectFrom('events as e')
      .selectAll('e')
      // Fleep's prev_message_nr: the conversation's message before this event.
      .select((eb) => eb.selectFrom('messages as m').select((m) => m.fn.max('m.seq').as('s')).whereRef('m.conversation_id', '=', 'e.conversation_id').whereRef('m.seq', '<', 'e.seq').as('prev_message_seq'))
      .where('e.id', 'in', ids)
      .execute());
  const events = new Map(eventRows.map((r) => [r.id, { event: { id: r.id, conversation_id: r.conversation_id, seq: r.seq, type: r.type as EventType, data: JSON.parse(r.data), created_at: iso(r.created_at) }, prev: r.prev_message_seq as number | null }]));
  const conversations = new Map((await inList(unique(deliveries.map((d) => d.conversation_id)), (ids) =>
    db.selectFrom('conversations').leftJoin('users as assignee', 'assignee.id', 'conversations.assignee_id').selectAll('conversations').select('assignee.name as assignee_name').where('conversations.id', 'in', ids).execute()))
    .map((row) => [row.id, { ...conversationView(row), last_seq: row.last_seq }]));

  const messages = [...events.values()].map(({ event }) => event.data.message as Message | undefined);
  const userIds = unique(messages.map((m) => (m?.sender.type === 'user' ? m.sender.id : null)));
  const hookIds = unique(messages.map((m) => (m?.sender.type === 'hook' ? m.sender.id : null)));
  const caseIds = unique(messages.map((m) => m?.case_id));
  const authors = new Map((await inList(userIds, (ids) => db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', ids).execute())).map((u) => [u.id, u]));
  const hooks = new Map((await inList(hookIds, (ids) => db.selectFrom('hooks').select(['id', 'name']).where('id', 'in', ids).execute())).map((h) => [h.id, { ...h, key: h.id }]));
  const cases = new Map((await inList(caseIds, (ids) => db.selectFrom('cases').select(['id', 'external_id', 'title', 'status']).where('id', 'in', ids).execute())).map((c) => [c.id, c as CaseInfo]));

  const contexts = new Map<string, DeliveryContext>();
  for (const delivery of deliveries) {
    const webhook = webhooks.get(delivery.webhook_id);
    const conversation = conversations.get(delivery.conversation_id);
    const sample = delivery.sample ? (JSON.parse(delivery.sample) as Sample) : null;
    const loaded = sample ? { event: sample.event, prev: null } : events.get(delivery.event_id);
    if (!webhook || !conversation || !loaded) continue;
    const message = sample?.message ?? (loaded.event.data.message as Message | undefined) ?? null;
    const sender = message?.sender;
    contexts.set(delivery.id, {
      delivery_id: delivery.id,
      event: loaded.event,
      conversation,
      message,
      prev_message_seq: loaded.prev,
      case: (message?.case_id ? cases.get(message.case_id) : (loaded.event.data.case as CaseInfo | undefined)) ?? null,
      hook: sender?.type === 'hook' && sender.id ? (hooks.get(sender.id) ?? null) : null,
      author: sender?.type === 'user' && sender.id ? (authors.get(sender.id) ?? null) : null,
      webhook: { id: webhook.id, secret: webhook.secret, reply_url: webhook.reply_token ? hookUrl(config.publicUrl, webhook.reply_token) : '' },
      public_url: config.publicUrl,
    });
  }
  return { webhooks, contexts };
}

/** Runs an `in (...)` query in chunks that stay under every engine's parameter limit. */
async function inList<T, R>(ids: T[], query: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await query(ids.slice(i, i + 500))));
  return out;
}
