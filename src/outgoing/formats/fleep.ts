/**
 * Fleep-style outgoing hook (wire-formats.md §2): a JSON POST with `reply_url` and record lists
 * (`messages`, `contacts`, `conversations`, `hooks`), so receivers written for Fleep work unchanged.
 *
 * Our choices where Fleep has no equivalent:
 * - every payload also carries `event` ({id, type, seq, created_at, data, case}); for events that are
 *   not messages (case.created, conversation.closed, ...) `messages` is empty, so Fleep-era receivers
 *   that loop over `messages` simply do nothing, and newer ones read `event`;
 * - `subject` is the case title when the message belongs to a case;
 * - messages from bots, contacts or the system have no user and no hook, so the sender itself is
 *   listed in `contacts` (account_id = sender id) and Fleep's name resolution still finds a name.
 */
import type { Attachment, Message } from '../../core/types.ts';
import { renderFleepXml } from './fleep-xml.ts';
import { absoluteUrl, jsonPostFormat, toUnixSeconds } from './shared.ts';
import type { DeliveryContext, OutgoingFormat } from './types.ts';

export const fleep: OutgoingFormat = jsonPostFormat('fleep', buildFleepPayload);

function buildFleepPayload(ctx: DeliveryContext) {
  const { event, conversation, hook } = ctx;
  return {
    reply_url: ctx.webhook.reply_url,
    messages: ctx.message ? [messageRecord(ctx, ctx.message)] : [],
    contacts: contactRecords(ctx),
    conversations: [
      { mk_rec_type: 'conv', conversation_id: conversation.id, topic: conversation.title, last_message_nr: conversation.last_seq },
    ],
    hooks: hook
      ? [{ mk_rec_type: 'hook', hook_key: hook.key, hook_name: hook.name, conversation_id: conversation.id, mk_hook_type: 'plain', is_active: true }]
      : [],
    event: { id: event.id, type: event.type, seq: event.seq, created_at: event.created_at, data: event.data, case: ctx.case },
  };
}

function messageRecord(ctx: DeliveryContext, message: Message) {
  const { sender } = message;
  const byHook = sender.type === 'hook';
  return {
    mk_rec_type: 'message',
    message_id: message.id,
    conversation_id: message.conversation_id,
    message_nr: message.seq,
    prev_message_nr: ctx.prev_message_seq,
    account_id: byHook ? (ctx.hook?.id ?? sender.id) : (ctx.author?.id ?? sender.id),
    posted_time: toUnixSeconds(message.created_at),
    message: renderFleepXml(message.body, message.attachments),
    mk_message_type: 'text',
    // Fleep sets sender_name only when a hook post named its sender (`user`); the hook's own name
    // is resolved through hook_key. Without the hook record, the name must travel here.
    sender_name: byHook && sender.name !== ctx.hook?.name ? sender.name : null,
    hook_key: byHook ? (ctx.hook?.key ?? null) : null,
    subject: ctx.case?.title ?? null,
    revision_message_nr: null,
    tags: [],
    attachments: message.attachments.filter((a) => a.kind === 'file').map((a) => fileRecord(ctx, message, a)),
  };
}

function fileRecord(ctx: DeliveryContext, message: Message, file: Attachment) {
  return {
    mk_rec_type: 'file',
    attachment_id: file.id,
    message_id: message.id,
    conversation_id: message.conversation_id,
    message_nr: message.seq,
    file_name: file.name,
    file_type: file.content_type,
    file_size: file.size,
    file_url: absoluteUrl(ctx.public_url, file.url),
    file_sha256: file.sha256,
    posted_time: toUnixSeconds(message.created_at),
  };
}

function contactRecords(ctx: DeliveryContext) {
  const { author, message } = ctx;
  if (author) {
    return [{ mk_rec_type: 'contact', account_id: author.id, display_name: author.name, email: author.email }];
  }
  if (message && message.sender.type !== 'hook') {
    const { sender } = message;
    return [{ mk_rec_type: 'contact', account_id: sender.id, display_name: sender.name, email: null }];
  }
  return [];
}
