/**
 * Loads what the formats need for a batch of claimed deliveries in two queries, whatever the batch
 * size: the webhooks, and the events joined with their conversation, their message's author or
 * hook and its case. Formats stay pure; the worker's database time stays flat as batches grow.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { conversationView } from '../core/conversations/conversations.ts';
import type { HookTokens } from '../core/hooks/hook-tokens.ts';
import { iso } from '../lib/time.ts';
import type { DomainEvent, EventType, Message } from '../core/types.ts';
import type { Database } from '../store/schema.ts';
import type { DeliveryRow } from './claim.ts';
import type { DeliveryContext } from './formats/types.ts';
import { attachRestCalls } from './formats/rest-context.ts';
import { replyUrl, selectWebhooks, type WebhookRow } from './webhook-view.ts';

/** A test delivery's stand-in event (not stored in `events`). */
export interface Sample {
  event: DomainEvent;
  message: Message;
}

type CaseInfo = NonNullable<DeliveryContext['case']>;
type EventInfo = Pick<DeliveryContext, 'event' | 'conversation' | 'prev_message_seq' | 'case' | 'hook' | 'author'>;

export interface LoadedBatch {
  webhooks: Map<string, WebhookRow>;
  /** deliveries whose event or webhook vanished (deleted meanwhile) have no context */
  contexts: Map<string, DeliveryContext>;
}

/** `hookTokens` opens reply hooks' sealed tokens for `reply_url`, once per hook (it caches them). */
export async function loadDeliveryContexts(db: Kysely<Database>, config: Config, deliveries: DeliveryRow[], hookTokens: HookTokens): Promise<LoadedBatch> {
  const webhookIds = [...new Set(deliveries.map((d) => d.webhook_id))];
  const webhooks = new Map((await inList(webhookIds, (ids) => selectWebhooks(db).where('webhooks.id', 'in', ids).execute())).map((w) => [w.id, w]));
  const events = await loadEvents(db, [...new Set(deliveries.filter((d) => !d.sample).map((d) => d.event_id))]);
  const samples = deliveries.filter((d) => d.sample);
  const sampleConversations = samples.length ? await loadConversations(db, [...new Set(samples.map((d) => d.conversation_id))]) : new Map();

  const contexts = new Map<string, DeliveryContext>();
  for (const delivery of deliveries) {
    const webhook = webhooks.get(delivery.webhook_id);
    let info: EventInfo | undefined;
    let message: Message | null = null;
    if (delivery.sample) {
      const sample = JSON.parse(delivery.sample) as Sample;
      const conversation = sampleConversations.get(delivery.conversation_id);
      info = conversation && { event: sample.event, conversation, prev_message_seq: null, case: null, hook: null, author: null };
      message = sample.message;
    } else {
      info = events.get(delivery.event_id);
      message = (info?.event.data.message as Message | undefined) ?? null;
    }
    if (!webhook || !info) continue;
    contexts.set(delivery.id, {
      ...info,
      delivery_id: delivery.id,
      message,
      webhook: { id: webhook.id, secret: webhook.secret, reply_url: replyUrl({ config, hookTokens }, webhook) ?? '' },
      public_url: config.publicUrl,
    });
  }
  // Actions and bridge replies (format `rest`): their templated call and its values.
  await attachRestCalls(db, deliveries, webhooks, contexts);
  return { webhooks, contexts };
}

/**
 * Events with their conversation and, for a message event, the message row that shares its seq:
 * its author (users) or hook, and its case. Fleep's prev_message_nr is the conversation's message
 * before the event; a hook's `key` on the wire is its id, never its secret token.
 */
async function loadEvents(db: Kysely<Database>, eventIds: string[]): Promise<Map<string, EventInfo>> {
  const rows = await inList(eventIds, (ids) =>
    db.selectFrom('events as e')
      .innerJoin('conversations as c', 'c.id', 'e.conversation_id')
      .leftJoin('users as assignee', 'assignee.id', 'c.assignee_id')
      .leftJoin('messages as m', (j) => j.onRef('m.conversation_id', '=', 'e.conversation_id').onRef('m.seq', '=', 'e.seq'))
      .leftJoin('users as author', (j) => j.onRef('author.id', '=', 'm.sender_id').on('m.sender_type', '=', 'user'))
      .leftJoin('hooks as h', (j) => j.onRef('h.id', '=', 'm.sender_id').on('m.sender_type', '=', 'hook'))
      .leftJoin('cases as k', 'k.id', 'm.case_id')
      .selectAll('c')
      .select(['e.id as event_id', 'e.seq as event_seq', 'e.type as event_type', 'e.data as event_data', 'e.created_at as event_created_at', 'assignee.name as assignee_name'])
      .select(['author.id as author_id', 'author.name as author_name', 'author.email as author_email', 'h.id as hook_id', 'h.name as hook_name'])
      .select(['k.id as case_id', 'k.external_id as case_external_id', 'k.title as case_title', 'k.status as case_status'])
      .select((eb) => eb.selectFrom('messages as p').select((p) => p.fn.max('p.seq').as('s')).whereRef('p.conversation_id', '=', 'e.conversation_id').whereRef('p.seq', '<', 'e.seq').as('prev_message_seq'))
      .where('e.id', 'in', ids)
      .execute());
  return new Map(rows.map((r) => {
    const event: DomainEvent = { id: r.event_id, conversation_id: r.id, seq: Number(r.event_seq), type: r.event_type as EventType, data: JSON.parse(r.event_data), created_at: iso(Number(r.event_created_at)) };
    const caseRow = r.case_id ? { id: r.case_id, external_id: r.case_external_id!, title: r.case_title!, status: r.case_status! } : null;
    return [r.event_id, {
      event,
      conversation: { ...conversationView(r), last_seq: Number(r.last_seq) },
      prev_message_seq: r.prev_message_seq === null ? null : Number(r.prev_message_seq),
      case: caseRow ?? (event.data.case as CaseInfo | undefined) ?? null,
      hook: r.hook_id ? { id: r.hook_id, name: r.hook_name!, key: r.hook_id } : null,
      author: r.author_id ? { id: r.author_id, name: r.author_name!, email: r.author_email } : null,
    }];
  }));
}

async function loadConversations(db: Kysely<Database>, ids: string[]) {
  const rows = await db.selectFrom('conversations').leftJoin('users as assignee', 'assignee.id', 'conversations.assignee_id').selectAll('conversations').select('assignee.name as assignee_name').where('conversations.id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, { ...conversationView(row), last_seq: Number(row.last_seq) }]));
}

/** Runs an `in (...)` query in chunks that stay under every engine's parameter limit. */
async function inList<T, R>(ids: T[], query: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await query(ids.slice(i, i + 500))));
  return out;
}
