/** Membership: who sees a conversation, posts in it and manages its integrations. */
import type { Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import { SwitchboardError } from '../errors.ts';
import { now } from '../../lib/time.ts';
import { userView, type User } from '../users/users.ts';
import { requireConversation } from './conversations.ts';

export async function listMembers(ctx: CoreContext, principal: Principal, conversationId: string): Promise<User[]> {
  await requireConversation(ctx, principal, conversationId);
  const rows = await ctx.store.db
    .selectFrom('users')
    .innerJoin('members', 'members.user_id', 'users.id')
    .selectAll('users')
    .where('members.conversation_id', '=', conversationId)
    .orderBy('members.created_at')
    .execute();
  return rows.map(userView);
}

/** Adds a user by id or email; adding a member twice is harmless. */
export async function addMember(ctx: CoreContext, principal: Principal, conversationId: string, who: { user_id?: string; email?: string }): Promise<User> {
  await requireConversation(ctx, principal, conversationId);
  let q = ctx.store.db.selectFrom('users').selectAll();
  q = who.user_id ? q.where('id', '=', who.user_id) : q.where('email', '=', (who.email ?? '').trim().toLowerCase());
  const row = await q.executeTakeFirst();
  if (!row) throw new SwitchboardError('user_not_found', 'user not found');
  await ctx.store.db
    .insertInto('members')
    .values({ conversation_id: conversationId, user_id: row.id, created_at: now() })
    .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doNothing())
    .execute();
  return userView(row);
}

export async function removeMember(ctx: CoreContext, principal: Principal, conversationId: string, userId: string): Promise<void> {
  await requireConversation(ctx, principal, conversationId);
  const res = await ctx.store.db.deleteFrom('members').where('conversation_id', '=', conversationId).where('user_id', '=', userId).executeTakeFirst();
  if (!res.numDeletedRows) throw new SwitchboardError('user_not_found', 'that user is not a member');
}
