/**
 * Loads, for claimed deliveries of carrier webhooks (format `rest`), the call to make and its
 * values: the action's request (or the bridge's current reply call), the conversation's contact
 * and its bridge's attributes, read at send time so a corrected gateway host applies to retries.
 * A delivery whose action or reply is gone gets no call: the format refuses it, and it is logged.
 * Bot actions and bridge replies enqueue these deliveries; the outgoing engine sends them.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Attachment, DomainEvent, Message } from '../../core/types.ts';
import { hasFileVariant, type ReplyCall, type ReplyVars } from '../../mapping/reply-call.ts';
import type { ConversationsTable, Database } from '../../store/schema.ts';
import type { DeliveryRow } from '../claim.ts';
import type { WebhookRow } from '../webhook-view.ts';
import { withAbsoluteUrl } from './shared.ts';
import type { DeliveryContext } from './types.ts';

/** The conversation fields a call's values read. */
export type RestConversation = Pick<Selectable<ConversationsTable>, 'id' | 'contact_name' | 'contact_phone' | 'contact_email' | 'contact_external_id'>;

/** Sets `rest` on the contexts of carrier deliveries (called by loadDeliveryContexts). */
export async function attachRestCalls(db: Kysely<Database>, deliveries: DeliveryRow[], webhooks: Map<string, WebhookRow>, contexts: Map<string, DeliveryContext>): Promise<void> {
  const mine = deliveries.filter((d) => webhooks.get(d.webhook_id)?.action_id && contexts.has(d.id));
  if (!mine.length) return;
  const owners = [...new Set(mine.map((d) => webhooks.get(d.webhook_id)!.action_id!))];
  const conversationIds = [...new Set(mine.map((d) => d.conversation_id))];
  const conversations = new Map((await db.selectFrom('conversations')
    .select(['id', 'title', 'kind', 'status', 'contact_name', 'contact_phone', 'contact_email', 'contact_external_id', 'bridge_id'])
    .where('id', 'in', conversationIds).execute()).map((c) => [c.id, c]));
  const actions = new Map((await db.selectFrom('actions').select(['id', 'request', 'status']).where('id', 'in', owners).execute()).map((a) => [a.id, a]));
  const bridgeIds = [...new Set([...owners, ...[...conversations.values()].map((c) => c.bridge_id)].filter((id): id is string => !!id))];
  const bridges = new Map((await db.selectFrom('bridges').select(['id', 'name', 'scope', 'attributes', 'reply']).where('id', 'in', bridgeIds).execute()).map((b) => [b.id, b]));

  for (const delivery of mine) {
    const context = contexts.get(delivery.id)!;
    const owner = webhooks.get(delivery.webhook_id)!.action_id!;
    const conversation = conversations.get(delivery.conversation_id);
    const request = actions.get(owner)?.request ?? bridges.get(owner)?.reply ?? null;
    if (!conversation || !request) {
      context.rest = null;
      continue;
    }
    const row = conversation.bridge_id ? bridges.get(conversation.bridge_id) : undefined;
    const bridge: ReplyVars['bridge'] | null = row ? { id: row.id, name: row.name, scope: row.scope, attributes: JSON.parse(row.attributes) } : null;
    const call = JSON.parse(request) as ReplyCall;
    context.rest = { call, vars: buildVars({ event: context.event, conversation, bridge, call, part: delivery.part ?? null, publicUrl: context.public_url }) };
  }
}

/**
 * The template values for one delivery. `message.body` is the text plus a link per file, one per
 * line, except in a file-variant call's text part (the files go by their own calls).
 */
export function buildVars(input: { event: Pick<DomainEvent, 'type' | 'data'>; conversation: RestConversation; bridge: ReplyVars['bridge'] | null; call: ReplyCall; part: number | null; publicUrl: string }): ReplyVars {
  const message = input.event.type === 'message.created' ? ((input.event.data.message as Message | undefined) ?? null) : null;
  const files: Attachment[] = message ? message.attachments.map((a) => withAbsoluteUrl(input.publicUrl, a)) : [];
  const split = hasFileVariant(input.call) && files.length > 0;
  const text = message?.body ?? '';
  const body = split ? text : [text, ...files.map((f) => f.url)].filter((line) => line !== '').join('\n');
  const file = input.part === null ? null : files[input.part];
  const c = input.conversation;
  return {
    message: { id: message?.id ?? '', body, text },
    chat: { id: c.id, external_id: c.contact_external_id ?? '', nick: c.contact_name, phone: c.contact_phone, email: c.contact_email },
    bridge: input.bridge ?? { id: '', name: '', scope: '', attributes: {} },
    file: file ? { name: file.name, url: file.url, content_type: file.content_type } : null,
  };
}
