/**
 * API keys: random tokens shown once, stored as SHA-256 hashes, listed by a short prefix,
 * optionally scoped to some conversations, revocable. A key's name is its bot's display name.
 */
import type { Selectable } from 'kysely';
import type { ApiKeysTable } from '../../store/schema.ts';
import type { CoreContext } from '../context.ts';
import { SwitchboardError, invalidField } from '../errors.ts';
import { hashToken, newId, newToken } from '../../lib/ids.ts';
import { iso, now } from '../../lib/time.ts';

export const TOKEN_PREFIX = 'sb_';
const PREFIX_LENGTH = 11;

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  conversation_ids: string[] | null;
  created_at: string;
}

const keyView = (row: Selectable<ApiKeysTable>): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  conversation_ids: row.conversation_ids ? JSON.parse(row.conversation_ids) : null,
  created_at: iso(row.created_at),
});

export async function insertApiKey(ctx: CoreContext, input: { user_id: string; name: string; token: string; conversation_ids: string[] | null }): Promise<ApiKey> {
  const row = {
    id: newId('key'),
    user_id: input.user_id,
    name: input.name,
    prefix: input.token.slice(0, PREFIX_LENGTH),
    token_hash: hashToken(input.token),
    conversation_ids: input.conversation_ids ? JSON.stringify(input.conversation_ids) : null,
    created_at: now(),
    revoked_at: null,
  };
  await ctx.store.db.insertInto('api_keys').values(row).execute();
  return keyView(row);
}

/** Creates a key for `userId`; the token is in the answer and nowhere else, ever. */
export async function createApiKey(
  ctx: CoreContext,
  userId: string,
  input: { name: string; conversation_ids?: string[] | null },
): Promise<ApiKey & { token: string }> {
  if (!input.name.trim()) throw invalidField('name', 'must not be empty');
  const scope = input.conversation_ids ?? null;
  if (scope) {
    const visible = await ctx.store.db.selectFrom('members').select('conversation_id').where('user_id', '=', userId).where('conversation_id', 'in', scope.length ? scope : ['']).execute();
    const missing = scope.filter((id) => !visible.some((v) => v.conversation_id === id));
    if (missing.length) throw invalidField('conversation_ids', `not a conversation of yours: ${missing.join(', ')}`);
  }
  const token = TOKEN_PREFIX + newToken(32);
  const key = await insertApiKey(ctx, { user_id: userId, name: input.name.trim(), token, conversation_ids: scope });
  return { ...key, token };
}

export async function listApiKeys(ctx: CoreContext, userId: string): Promise<ApiKey[]> {
  const rows = await ctx.store.db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
  return rows.map(keyView);
}

export async function revokeApiKey(ctx: CoreContext, userId: string, keyId: string): Promise<void> {
  const res = await ctx.store.db.updateTable('api_keys').set({ revoked_at: now() }).where('id', '=', keyId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  if (!res.numUpdatedRows) throw new SwitchboardError('api_key_not_found', 'API key not found');
}

/** The live key a token belongs to, or null. */
export async function findKeyByToken(ctx: CoreContext, token: string): Promise<Selectable<ApiKeysTable> | null> {
  const row = await ctx.store.db.selectFrom('api_keys').selectAll().where('token_hash', '=', hashToken(token)).where('revoked_at', 'is', null).executeTakeFirst();
  return row ?? null;
}
