/** How a hook answers a stored post, in the style of the dialect that sent it. */
import type { PostResult } from '../core/messages/post-message.ts';
import type { Message } from '../core/types.ts';
import type { StoredAnswer } from '../core/idempotency.ts';
import type { ReplyStyle } from './types.ts';

const json = (status: number, value: unknown): StoredAnswer => ({ status_code: status, content_type: 'application/json; charset=utf-8', body: JSON.stringify(value) });

/** Discord's execute-webhook answer with `?wait=true`: the created message object. */
function discordMessage(message: Message, hookId: string): unknown {
  return {
    id: message.id,
    type: 0,
    channel_id: message.conversation_id,
    webhook_id: hookId,
    content: message.body,
    timestamp: message.created_at,
    author: { id: hookId, username: message.sender.name, avatar: message.sender.avatar_url, bot: true },
    attachments: message.attachments.map((a) => ({ id: a.id, filename: a.name, size: a.size, url: a.url, content_type: a.content_type })),
    embeds: (message.rich?.discord as { embeds?: unknown[] } | undefined)?.embeds ?? [],
  };
}

export function renderHookAnswer(style: ReplyStyle, result: PostResult, options: { wait: boolean; hookId: string }): StoredAnswer {
  if (result.status === 'already_reported') return json(200, { result: 'already reported', case_id: result.case_id });
  switch (style) {
    case 'text_ok':
      return { status_code: 200, content_type: 'text/plain; charset=utf-8', body: 'ok' };
    case 'discord':
      return options.wait ? json(200, discordMessage(result.message, options.hookId)) : { status_code: 204, content_type: '', body: '' };
    default:
      return json(200, { ok: true, message_id: result.message.id, case_id: result.case_id });
  }
}
