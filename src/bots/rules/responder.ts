/**
 * Runs auto-responder rules on every committed message: the matching rules (first wins unless a
 * rule says `continue`) reply through postMessage as bots. Runs after commit, off the writer's path:
 * runtime.ts wires it into the after-commit fan-out.
 */
import { admitBotReply } from '../../core/bots/bot-rate.ts';
import type { AfterCommitPort, CoreContext } from '../../core/context.ts';
import { postMessage } from '../../core/messages/post-message.ts';
import { now } from '../../lib/time.ts';
import type { DomainEvent, Message } from '../../core/types.ts';
import { isCoolingDown, matchRules } from './match.ts';
import { renderReply } from './render.ts';
import { enabledRules, markFired } from './rules-store.ts';

/** The responder's after-commit listener: answers each committed message in the background. */
export function createResponder(ctx: CoreContext, log: { warn: (o: object, m: string) => void }): AfterCommitPort {
  return (events) => {
    for (const event of events) {
      if (event.type === 'message.created') void respond(ctx, event).catch((err) => log.warn({ err, conversation_id: event.conversation_id }, 'auto-responder failed'));
    }
  };
}

async function respond(ctx: CoreContext, event: DomainEvent): Promise<void> {
  const message = (event.data as { message: Message }).message;
  if (message.sender.type === 'system') return;
  // Conversations without rules (the common case) cost one cached lookup.
  const rules = await enabledRules(ctx, event.conversation_id);
  if (!rules.length) return;
  const at = now();
  const firing = matchRules(rules, { body: message.body, sender_type: message.sender.type, direction: message.direction }).filter((r) => !isCoolingDown(r, r.last_fired_at, at));
  if (!firing.length) return;
  // Claimed before any await, so a message handled concurrently sees the cool-down already running.
  const marked = firing.map((rule) => markFired(ctx, rule, at));
  const conversation = await ctx.store.db.selectFrom('conversations').select('title').where('id', '=', event.conversation_id).executeTakeFirstOrThrow();
  for (const rule of firing) {
    await admitBotReply(ctx, event.conversation_id);
    await postMessage(ctx, {
      conversation_id: event.conversation_id,
      body: renderReply(rule.reply, { sender: { name: message.sender.name }, conversation: { title: conversation.title } }),
      sender: { type: 'bot', id: rule.id, name: rule.name, avatar_url: null },
      direction: message.direction === 'in' ? 'out' : null,
    });
  }
  await Promise.all(marked);
}
