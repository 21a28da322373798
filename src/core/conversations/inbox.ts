/**
 * The conversation list as a person sees it: each conversation with its latest message and how many
 * messages arrived since the last one this reader saw. Where the reader is up to is the client's to
 * remember (the web UI keeps it per browser) and is passed in as `seen`: conversation id -> seq.
 */
import type { Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import { messageViews } from '../messages/views.ts';
import type { Conversation, Message } from '../types.ts';
import { listConversations } from './conversations.ts';

/** One row of the inbox: `unread_count` never counts the reader's own messages. */
export interface InboxEntry extends Conversation {
  last_message: Message | null;
  unread_count: number;
}

// Keeps each query's OR list well under SQLite's expression depth limit.
const CHUNK = 200;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

async function findLatestMessages(ctx: CoreContext, ids: string[]): Promise<Map<string, Message>> {
  const db = ctx.store.db;
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin(
      (eb) => eb.selectFrom('messages').select(['conversation_id', (e) => e.fn.max('seq').as('max_seq')]).where('conversation_id', 'in', ids).groupBy('conversation_id').as('latest'),
      (join) => join.onRef('latest.conversation_id', '=', 'm.conversation_id').onRef('latest.max_seq', '=', 'm.seq'),
    )
    .selectAll('m')
    .execute();
  const views = await messageViews(db, ctx.config.publicUrl, rows);
  return new Map(views.map((m) => [m.conversation_id, m]));
}

async function countUnread(ctx: CoreContext, readerId: string, ids: string[], seen: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  const rows = await ctx.store.db
    .selectFrom('messages')
    .select(['conversation_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where((eb) => eb.or(ids.map((id) => eb.and([eb('conversation_id', '=', id), eb('seq', '>', seen.get(id) ?? 0)]))))
    .where((eb) => eb.or([eb('sender_id', 'is', null), eb('sender_id', '!=', readerId)]))
    .groupBy('conversation_id')
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, Number(r.n)]));
}

export async function listInbox(ctx: CoreContext, principal: Principal, seen: ReadonlyMap<string, number>): Promise<InboxEntry[]> {
  const conversations = await listConversations(ctx, principal);
  const latest = new Map<string, Message>();
  const unread = new Map<string, number>();
  for (const part of chunks(conversations.map((c) => c.id))) {
    for (const [id, m] of await findLatestMessages(ctx, part)) latest.set(id, m);
    for (const [id, n] of await countUnread(ctx, principal.user.id, part, seen)) unread.set(id, n);
  }
  return conversations.map((c) => ({ ...c, last_message: latest.get(c.id) ?? null, unread_count: unread.get(c.id) ?? 0 }));
}

/** Reads `conv_a:12,conv_b:40` (what the UI sends); malformed pairs are ignored. */
export function parseSeen(text: string | undefined): Map<string, number> {
  const seen = new Map<string, number>();
  for (const pair of (text ?? '').split(',')) {
    const cut = pair.lastIndexOf(':');
    const seq = Number(pair.slice(cut + 1));
    if (cut > 0 && Number.isInteger(seq) && seq >= 0) seen.set(pair.slice(0, cut), seq);
  }
  return seen;
}
