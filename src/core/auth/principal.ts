/** Who is calling: a user, through an API key (maybe scoped to some conversations) or a session. */
import type { CoreContext } from '../context.ts';
import { findKeyByToken } from '../users/api-keys.ts';
import { getUser, type User } from '../users/users.ts';

export interface Principal {
  user: User;
  /** set when the call came with an API key; its name is the bot's display name */
  api_key: { id: string; name: string } | null;
  /** conversations the key is limited to; null: all of the user's */
  scope: string[] | null;
}

export async function authenticateToken(ctx: CoreContext, token: string): Promise<Principal | null> {
  if (!token) return null;
  const key = await findKeyByToken(ctx, token);
  if (!key) return null;
  const user = await getUser(ctx, key.user_id);
  if (!user) return null;
  return { user, api_key: { id: key.id, name: key.name }, scope: key.conversation_ids ? JSON.parse(key.conversation_ids) : null };
}

export const inScope = (principal: Principal, conversationId: string): boolean => principal.scope === null || principal.scope.includes(conversationId);
