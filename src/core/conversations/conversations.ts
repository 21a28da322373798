/** Conversations and who is in them. Invisible conversations are "not found", never "forbidden". */
import type { Selectable } from 'kysely';
import type { ConversationsTable } from '../../store/schema.ts';
import { inScope, type Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import { SwitchboardError, invalidField } from '../errors.ts';
import { appendEvent } from '../events/append-event.ts';
import { newId } from '../../lib/ids.ts';
import { iso, now } from '../../lib/time.ts';
import type { Conversation, ConversationKind } from '../types.ts';
import { applySupportMembership, prepareSupportPatch, type SupportPatch } from '../support/support-patch.ts';
import { assigneeFilterValue, supportFields, type SupportColumns, type SupportFields } from '../support/support-view.ts';

export const MAX_TITLE_LENGTH = 200;

type ConversationRow = Pick<Selectable<ConversationsTable>, 'id' | 'title' | 'kind' | 'status' | 'created_at'> & Partial<SupportColumns>;

/** Support conversations also carry their contact, assignee and tags (core/support). */
export const conversationView = (row: ConversationRow): Conversation & Partial<SupportFields> => ({
  id: row.id,
  title: row.title,
  kind: row.kind,
  status: row.status,
  created_at: iso(row.created_at),
  ...(row.kind === 'support' ? supportFields(row) : {}),
});

function checkTitle(title: string): string {
  const t = title.trim();
  if (!t) throw invalidField('title', 'must not be empty');
  if (t.length > MAX_TITLE_LENGTH) throw invalidField('title', `must have at most ${MAX_TITLE_LENGTH} characters`);
  return t;
}

export async function createConversation(ctx: CoreContext, principal: Principal, input: { title: string; kind?: ConversationKind }): Promise<Conversation> {
  const at = now();
  const row = { id: newId('conv'), title: checkTitle(input.title), kind: input.kind ?? 'team', status: 'open' as const, created_by: principal.user.id, last_seq: 0, created_at: at, updated_at: at };
  await ctx.store.db.transaction().execute(async (db) => {
    await db.insertInto('conversations').values(row).execute();
    await db.insertInto('members').values({ conversation_id: row.id, user_id: principal.user.id, created_at: at }).execute();
  });
  return conversationView(row);
}

/** The conversation if the caller may see it; otherwise `conversation_not_found`. */
export async function requireConversation(ctx: CoreContext, principal: Principal, id: string): Promise<Conversation & Partial<SupportFields>> {
  const row = inScope(principal, id)
    ? await ctx.store.db
        .selectFrom('conversations')
        .innerJoin('members', 'members.conversation_id', 'conversations.id')
        .leftJoin('users as assignee', 'assignee.id', 'conversations.assignee_id')
        .selectAll('conversations')
        .select('assignee.name as assignee_name')
        .where('conversations.id', '=', id)
        .where('members.user_id', '=', principal.user.id)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new SwitchboardError('conversation_not_found', 'conversation not found');
  return conversationView(row);
}

/** `assignee`: `me`, `unassigned` or a user id (support conversations). */
export async function listConversations(ctx: CoreContext, principal: Principal, filter: { kind?: ConversationKind; status?: 'open' | 'closed'; assignee?: string } = {}): Promise<Conversation[]> {
  let q = ctx.store.db
    .selectFrom('conversations')
    .innerJoin('members', 'members.conversation_id', 'conversations.id')
    .leftJoin('users as assignee', 'assignee.id', 'conversations.assignee_id')
    .selectAll('conversations')
    .select('assignee.name as assignee_name')
    .where('members.user_id', '=', principal.user.id);
  if (principal.scope) q = q.where('conversations.id', 'in', principal.scope.length ? principal.scope : ['']);
  if (filter.kind) q = q.where('conversations.kind', '=', filter.kind);
  if (filter.status) q = q.where('conversations.status', '=', filter.status);
  if (filter.assignee) {
    const assignee = assigneeFilterValue(principal, filter.assignee);
    q = assignee === null ? q.where('conversations.assignee_id', 'is', null) : q.where('conversations.assignee_id', '=', assignee);
  }
  const rows = await q.orderBy('conversations.updated_at', 'desc').execute();
  return rows.map(conversationView);
}

/** Renames, closes, reopens, assigns or tags; each change is an event other systems hear about. */
export async function updateConversation(ctx: CoreContext, principal: Principal, id: string, patch: { title?: string; status?: 'open' | 'closed' } & SupportPatch): Promise<Conversation> {
  const current = await requireConversation(ctx, principal, id);
  const title = patch.title === undefined ? undefined : checkTitle(patch.title);
  const support = await prepareSupportPatch(ctx, current, patch);
  const events = await ctx.store.write(id, async (tx) => {
    const at = now();
    await tx.db.updateTable('conversations').set({ ...(title ? { title } : {}), ...(patch.status ? { status: patch.status } : {}), ...support.set, updated_at: at }).where('id', '=', id).execute();
    await applySupportMembership(tx.db, id, support, at);
    const out = [];
    if (patch.status && patch.status !== current.status) {
      const type = patch.status === 'closed' ? 'conversation.closed' : 'conversation.reopened';
      out.push(await appendEvent(ctx, tx, { conversation_id: id, type, data: { by: { id: principal.user.id, name: principal.user.name } }, at }));
    }
    const changed = { ...(title && title !== current.title ? { title } : {}), ...support.change };
    if (Object.keys(changed).length) out.push(await appendEvent(ctx, tx, { conversation_id: id, type: 'conversation.updated', data: changed, at }));
    return out;
  });
  ctx.ports.afterCommit(events);
  return requireConversation(ctx, principal, id);
}
