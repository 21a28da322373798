/**
 * Actions: create, list, get, change, delete. A conversation's actions are managed by its members;
 * a bridge's (all its conversations) by the bridge's owner and admins. Anyone else gets 404.
 * Deleting an action deletes its carrier webhooks and so its delivery log.
 */
import type { Principal } from '../../core/auth/principal.ts';
import { requireBridge } from '../../core/bridges/bridges.ts';
import type { CoreContext } from '../../core/context.ts';
import { requireConversation } from '../../core/conversations/conversations.ts';
import { SwitchboardError } from '../../core/errors.ts';
import { newId } from '../../lib/ids.ts';
import { now } from '../../lib/time.ts';
import { checkActionInput } from './action-input.ts';
import { actionView, type Action, type ActionRow } from './action-view.ts';

/** Where an action applies: one conversation, or every conversation of a bridge. */
export type ActionScope = { conversation_id: string } | { bridge_id: string };

async function requireScope(ctx: CoreContext, principal: Principal, scope: ActionScope): Promise<void> {
  if ('conversation_id' in scope) await requireConversation(ctx, principal, scope.conversation_id);
  else await requireBridge(ctx, principal, scope.bridge_id);
}

export async function createAction(ctx: CoreContext, principal: Principal, scope: ActionScope, body: unknown): Promise<Action> {
  await requireScope(ctx, principal, scope);
  const input = checkActionInput(body, true);
  const at = now();
  const row: ActionRow = {
    id: newId('act'),
    conversation_id: 'conversation_id' in scope ? scope.conversation_id : null,
    bridge_id: 'bridge_id' in scope ? scope.bridge_id : null,
    name: input.name || `${input.event} → ${input.request!.url}`.slice(0, 100),
    event: input.event!,
    conditions: JSON.stringify(input.conditions ?? []),
    request: JSON.stringify(input.request),
    status: input.status ?? 'active',
    created_by: principal.user.id,
    created_at: at,
    updated_at: at,
  };
  await ctx.store.write(row.conversation_id ?? '', (tx) => tx.db.insertInto('actions').values(row).execute());
  return actionView(row);
}

export async function listActions(ctx: CoreContext, principal: Principal, scope: ActionScope): Promise<Action[]> {
  await requireScope(ctx, principal, scope);
  const column = 'conversation_id' in scope ? 'conversation_id' : 'bridge_id';
  const id = 'conversation_id' in scope ? scope.conversation_id : scope.bridge_id;
  const rows = await ctx.store.db.selectFrom('actions').selectAll().where(column, '=', id).orderBy('created_at').orderBy('id').execute();
  return rows.map(actionView);
}

/** The action if the caller manages its scope; otherwise `action_not_found`. */
export async function requireAction(ctx: CoreContext, principal: Principal, id: string): Promise<ActionRow> {
  const row = await ctx.store.db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirst();
  if (row) {
    try {
      await requireScope(ctx, principal, row.conversation_id ? { conversation_id: row.conversation_id } : { bridge_id: row.bridge_id! });
      return row;
    } catch {
      // an invisible action is simply not found
    }
  }
  throw new SwitchboardError('action_not_found', 'action not found');
}

export async function getAction(ctx: CoreContext, principal: Principal, id: string): Promise<Action> {
  return actionView(await requireAction(ctx, principal, id));
}

/** Setting `status: active` also resumes carriers the engine disabled after failing for too long. */
export async function updateAction(ctx: CoreContext, principal: Principal, id: string, body: unknown): Promise<Action> {
  const row = await requireAction(ctx, principal, id);
  const input = checkActionInput(body, false);
  const at = now();
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.event !== undefined ? { event: input.event } : {}),
    ...(input.conditions !== undefined ? { conditions: JSON.stringify(input.conditions) } : {}),
    ...(input.request !== undefined ? { request: JSON.stringify(input.request) } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    updated_at: at,
  };
  await ctx.store.write(row.conversation_id ?? '', async ({ db }) => {
    await db.updateTable('actions').set(set).where('id', '=', id).execute();
    if (input.status === 'active') {
      await db.updateTable('webhooks').set({ status: 'active', disabled_reason: null, failing_since: null, updated_at: at }).where('action_id', '=', id).where('status', '=', 'disabled').execute();
    }
  });
  return actionView({ ...row, ...set });
}

export async function deleteAction(ctx: CoreContext, principal: Principal, id: string): Promise<void> {
  const row = await requireAction(ctx, principal, id);
  await ctx.store.write(row.conversation_id ?? '', async ({ db }) => {
    await db.deleteFrom('webhooks').where('action_id', '=', id).execute();
    await db.deleteFrom('actions').where('id', '=', id).execute();
  });
}
