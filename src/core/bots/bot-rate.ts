/**
 * Loop safety: two bots answering each other would fill a conversation forever. Every bot reply
 * (reply API, reply_url, a reply in a delivery's response, auto-responder rules) passes this
 * per-conversation limit; past it, bot replies are refused for the rest of the minute and the
 * conversation is told once, with a system message. On PostgreSQL the replies are counted across
 * the nodes (shared-rate-counts.ts), and each node tells the conversation at most once a minute.
 */
import type { CoreContext } from '../context.ts';
import { SwitchboardError } from '../errors.ts';
import { postMessage } from '../messages/post-message.ts';

const WINDOW_MS = 60_000;

export class BotRateGuard {
  readonly #limit: number;
  readonly #recent = new Map<string, number[]>();
  readonly #announced = new Map<string, number>();

  constructor(limitPerMinute: number) {
    this.#limit = limitPerMinute;
  }

  /** Counts one bot reply; false when the conversation is over its limit (the reply must not be posted). */
  take(conversationId: string, nowMs = Date.now()): boolean {
    const times = (this.#recent.get(conversationId) ?? []).filter((t) => t > nowMs - WINDOW_MS);
    if (times.length >= this.#limit) {
      this.#recent.set(conversationId, times);
      return false;
    }
    times.push(nowMs);
    this.#recent.set(conversationId, times);
    if (this.#recent.size > 10_000) this.#prune(nowMs);
    return true;
  }

  /** True once per window: whether the caller should tell the conversation that bots were paused. */
  shouldAnnounce(conversationId: string, nowMs = Date.now()): boolean {
    const last = this.#announced.get(conversationId) ?? 0;
    if (last > nowMs - WINDOW_MS) return false;
    this.#announced.set(conversationId, nowMs);
    return true;
  }

  #prune(nowMs: number): void {
    for (const [id, times] of this.#recent) if (!times.some((t) => t > nowMs - WINDOW_MS)) this.#recent.delete(id);
  }
}

/** Throws `rate_limited` (and tells the conversation once) when bots must stop replying there. */
export async function admitBotReply(ctx: CoreContext, conversationId: string): Promise<void> {
  if (await underLimit(ctx, conversationId)) return;
  if (ctx.botRate.shouldAnnounce(conversationId)) {
    await postMessage(ctx, {
      conversation_id: conversationId,
      body: `Bot replies are paused here for a minute: more than ${ctx.config.botRepliesPerMinute} bot replies in the last minute (two bots answering each other?).`,
      sender: { type: 'system', id: null, name: 'Switchboard', avatar_url: null },
      rich: { system: { kind: 'bot_loop_cut' } },
    });
  }
  throw new SwitchboardError('rate_limited', `more than ${ctx.config.botRepliesPerMinute} bot replies per minute in this conversation`, { retryAfterSeconds: 60 });
}

async function underLimit(ctx: CoreContext, conversationId: string): Promise<boolean> {
  if (!ctx.rateCounts) return ctx.botRate.take(conversationId);
  const { current } = await ctx.rateCounts.takeFor('bot-replies', conversationId, WINDOW_MS);
  return current <= ctx.config.botRepliesPerMinute;
}
