/**
 * Managing bridges. Only the owner (and admins) see and manage a bridge; to anyone else it does
 * not exist (404). API keys limited to some conversations cannot manage bridges at all.
 */
import type { Principal } from '../auth/principal.ts';
import type { CoreContext } from '../context.ts';
import { SwitchboardError, invalidField } from '../errors.ts';
import { hashToken, newId, newToken } from '../../lib/ids.ts';
import { now } from '../../lib/time.ts';
import { addMemberRows } from '../support/add-members.ts';
import { checkBridgeInput, type BridgeInput } from './bridge-input.ts';
import { bridgeView, type Bridge, type BridgeRow } from './bridge-view.ts';

const notFound = () => new SwitchboardError('bridge_not_found', 'bridge not found');

function refuseScopedKey(principal: Principal): void {
  if (principal.scope !== null) throw new SwitchboardError('forbidden', 'an API key limited to conversations cannot manage bridges');
}

export async function createBridge(ctx: CoreContext, principal: Principal, input: BridgeInput & { name: string; mapping: unknown }): Promise<Bridge> {
  refuseScopedKey(principal);
  const checked = await checkBridgeInput(ctx, input);
  if (!checked.mapping || checked.name === undefined) throw invalidField('mapping', 'is required');
  const at = now();
  const row: BridgeRow = {
    id: newId('brg'),
    name: checked.name,
    scope: checked.scope ?? '',
    attributes: JSON.stringify(checked.attributes ?? {}),
    mapping: JSON.stringify(checked.mapping),
    reply: checked.reply ? JSON.stringify(checked.reply) : null,
    operator_ids: JSON.stringify(checked.operator_ids ?? []),
    ...ctx.store.tokenSeal.columns(newToken(16)),
    owner_id: principal.user.id,
    created_at: at,
    updated_at: at,
  };
  await ctx.store.db.insertInto('bridges').values(row).execute();
  return bridgeView(ctx, row);
}

/** The caller's bridges; an admin sees everyone's. */
export async function listBridges(ctx: CoreContext, principal: Principal): Promise<Bridge[]> {
  if (principal.scope !== null) return [];
  let q = ctx.store.db.selectFrom('bridges').selectAll();
  if (principal.user.role !== 'admin') q = q.where('owner_id', '=', principal.user.id);
  const rows = await q.orderBy('created_at').execute();
  return rows.map((r) => bridgeView(ctx, r));
}

/** The bridge if the caller manages it; otherwise `bridge_not_found`. */
export async function requireBridge(ctx: CoreContext, principal: Principal, id: string): Promise<BridgeRow> {
  if (principal.scope !== null) throw notFound();
  const row = await ctx.store.db.selectFrom('bridges').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (row.owner_id !== principal.user.id && principal.user.role !== 'admin')) throw notFound();
  return row;
}

export async function getBridge(ctx: CoreContext, principal: Principal, id: string): Promise<Bridge> {
  return bridgeView(ctx, await requireBridge(ctx, principal, id));
}

/** Operators added to `operator_ids` become members of the bridge's existing conversations too. */
export async function updateBridge(ctx: CoreContext, principal: Principal, id: string, input: BridgeInput): Promise<Bridge> {
  const current = await requireBridge(ctx, principal, id);
  const checked = await checkBridgeInput(ctx, input);
  const at = now();
  const next: BridgeRow = {
    ...current,
    ...(checked.name !== undefined ? { name: checked.name } : {}),
    ...(checked.scope !== undefined ? { scope: checked.scope } : {}),
    ...(checked.attributes !== undefined ? { attributes: JSON.stringify(checked.attributes) } : {}),
    ...(checked.mapping !== undefined ? { mapping: JSON.stringify(checked.mapping) } : {}),
    ...(checked.reply !== undefined ? { reply: checked.reply ? JSON.stringify(checked.reply) : null } : {}),
    ...(checked.operator_ids !== undefined ? { operator_ids: JSON.stringify(checked.operator_ids) } : {}),
    updated_at: at,
  };
  const before = JSON.parse(current.operator_ids) as string[];
  const added = (checked.operator_ids ?? []).filter((u) => !before.includes(u));
  await ctx.store.db.transaction().execute(async (db) => {
    const { id: _id, ...columns } = next;
    await db.updateTable('bridges').set(columns).where('id', '=', id).execute();
    if (!added.length) return;
    const conversations = await db.selectFrom('conversations').select('id').where('bridge_id', '=', id).execute();
    for (const conversation of conversations) await addMemberRows(db, conversation.id, added, at);
  });
  return bridgeView(ctx, next);
}

/** The URL answers 404 at once; the bridge's conversations stay, with their contact. */
export async function deleteBridge(ctx: CoreContext, principal: Principal, id: string): Promise<void> {
  await requireBridge(ctx, principal, id);
  await ctx.store.db.deleteFrom('bridges').where('id', '=', id).execute();
}

/**
 * The bridge a URL token belongs to, found by the token's hash (the token itself is not stored).
 * No cache: one indexed read, and a deleted bridge stops at once on every node.
 */
export async function findBridgeByToken(ctx: CoreContext, token: string): Promise<BridgeRow | null> {
  return (await ctx.store.db.selectFrom('bridges').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()) ?? null;
}
