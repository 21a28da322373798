/**
 * Incoming hooks: secret URLs that post into a conversation. The token (128 random bits) is the only
 * credential; deleting or rotating a hook kills its old URL at once (see hook-tokens.ts). It is
 * stored only hashed (for lookup) and sealed (to show the URL again; src/store/secrets/).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, HooksTable } from '../../store/schema.ts';
import type { TokenSeal } from '../../store/secrets/token-seal.ts';
import type { Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import { requireConversation } from '../conversations/conversations.ts';
import { SwitchboardError, invalidField } from '../errors.ts';
import { newId, newToken } from '../../lib/ids.ts';
import { iso, now } from '../../lib/time.ts';

export interface Hook {
  id: string;
  conversation_id: string;
  name: string;
  url: string;
  avatar_url: string | null;
  /** set when this hook is the reply_url of an outgoing webhook */
  webhook_id: string | null;
  created_at: string;
}

export type HookRow = Selectable<HooksTable>;
export const MAX_HOOK_NAME = 100;

export const hookUrl = (publicUrl: string, token: string): string => `${publicUrl}/hook/${token}`;

export const hookView = (ctx: CoreContext, row: HookRow): Hook => ({
  id: row.id,
  conversation_id: row.conversation_id,
  name: row.name,
  url: hookUrl(ctx.config.publicUrl, ctx.hookTokens.token(row)),
  avatar_url: row.avatar_url,
  webhook_id: row.webhook_id,
  created_at: iso(row.created_at),
});

function checkName(name: string): string {
  const n = name.trim();
  if (!n) throw invalidField('name', 'must not be empty');
  if (n.length > MAX_HOOK_NAME) throw invalidField('name', `must have at most ${MAX_HOOK_NAME} characters`);
  return n;
}

/** Inserts a hook row; also used by outgoing webhooks for their reply hook (inside their transaction). */
export async function insertHook(db: Kysely<Database>, seal: TokenSeal, input: { conversation_id: string; name: string; avatar_url?: string | null; created_by: string | null; webhook_id?: string | null }): Promise<HookRow> {
  const row: HookRow = {
    id: newId('hook'),
    conversation_id: input.conversation_id,
    name: checkName(input.name),
    ...seal.columns(newToken(16)),
    avatar_url: input.avatar_url ?? null,
    created_by: input.created_by,
    webhook_id: input.webhook_id ?? null,
    created_at: now(),
    deleted_at: null,
  };
  await db.insertInto('hooks').values(row).execute();
  return row;
}

export async function createHook(ctx: CoreContext, principal: Principal, conversationId: string, input: { name: string; avatar_url?: string | null }): Promise<Hook> {
  await requireConversation(ctx, principal, conversationId);
  const row = await insertHook(ctx.store.db, ctx.store.tokenSeal, { conversation_id: conversationId, name: input.name, avatar_url: input.avatar_url, created_by: principal.user.id });
  return hookView(ctx, row);
}

export async function listHooks(ctx: CoreContext, principal: Principal, conversationId: string): Promise<Hook[]> {
  await requireConversation(ctx, principal, conversationId);
  const rows = await ctx.store.db.selectFrom('hooks').selectAll().where('conversation_id', '=', conversationId).where('deleted_at', 'is', null).orderBy('created_at').execute();
  return rows.map((r) => hookView(ctx, r));
}

/** The live hook with this id, if the caller is a member of its conversation. */
export async function requireHook(ctx: CoreContext, principal: Principal, hookId: string): Promise<HookRow> {
  const row = await ctx.store.db.selectFrom('hooks').selectAll().where('id', '=', hookId).where('deleted_at', 'is', null).executeTakeFirst();
  if (row) {
    try {
      await requireConversation(ctx, principal, row.conversation_id);
      return row;
    } catch {
      // fall through: an invisible hook is simply not found
    }
  }
  throw new SwitchboardError('hook_not_found', 'hook not found');
}

export async function updateHook(ctx: CoreContext, principal: Principal, hookId: string, patch: { name?: string; avatar_url?: string | null }): Promise<Hook> {
  const row = await requireHook(ctx, principal, hookId);
  const next = { name: patch.name === undefined ? row.name : checkName(patch.name), avatar_url: patch.avatar_url === undefined ? row.avatar_url : patch.avatar_url };
  await ctx.store.db.updateTable('hooks').set(next).where('id', '=', hookId).execute();
  await ctx.hookTokens.forget(row.token_hash);
  return hookView(ctx, { ...row, ...next });
}

export async function deleteHook(ctx: CoreContext, principal: Principal, hookId: string): Promise<void> {
  const row = await requireHook(ctx, principal, hookId);
  await ctx.store.db.updateTable('hooks').set({ deleted_at: now() }).where('id', '=', hookId).execute();
  await ctx.hookTokens.forget(row.token_hash);
}

/** A new URL for the hook; the old one answers 404 from now on. */
export async function rotateHook(ctx: CoreContext, principal: Principal, hookId: string): Promise<Hook> {
  const row = await requireHook(ctx, principal, hookId);
  const token = ctx.store.tokenSeal.columns(newToken(16));
  await ctx.store.db.updateTable('hooks').set(token).where('id', '=', hookId).execute();
  await ctx.hookTokens.forget(row.token_hash);
  return hookView(ctx, { ...row, ...token });
}
