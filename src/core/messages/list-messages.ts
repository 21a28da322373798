/** Reading a conversation's history, oldest first, paged by sequence number. */
import type { CoreContext } from '../context.ts';
import type { Message } from '../types.ts';
import { messageViews } from './views.ts';

export const MAX_PAGE = 200;

export interface MessagePage {
  limit?: number;
  /** only messages with a smaller seq (the page just before it) */
  before?: number;
  /** only messages with a larger seq */
  after?: number;
}

export async function listMessages(ctx: CoreContext, conversationId: string, page: MessagePage): Promise<Message[]> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), MAX_PAGE);
  let q = ctx.store.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
  if (page.after !== undefined) q = q.where('seq', '>', page.after);
  if (page.before !== undefined) q = q.where('seq', '<', page.before);
  // With `after` we page forwards from it; otherwise we want the latest page (or the one just before `before`).
  const forwards = page.after !== undefined && page.before === undefined;
  const rows = await q.orderBy('seq', forwards ? 'asc' : 'desc').limit(limit).execute();
  if (!forwards) rows.reverse();
  return messageViews(ctx.store.db, ctx.config.publicUrl, rows);
}

export async function getMessage(ctx: CoreContext, conversationId: string, messageId: string): Promise<Message | null> {
  const row = await ctx.store.db.selectFrom('messages').selectAll().where('id', '=', messageId).where('conversation_id', '=', conversationId).executeTakeFirst();
  if (!row) return null;
  const [view] = await messageViews(ctx.store.db, ctx.config.publicUrl, [row]);
  return view;
}
