/** Auto-responder rules of a conversation: managed by its members, kept in order. */
import type { Selectable } from 'kysely';
import type { Principal } from '../../core/auth/principal.ts';
import type { CoreContext } from '../../core/context.ts';
import { requireConversation } from '../../core/conversations/conversations.ts';
import { SwitchboardError, invalidField } from '../../core/errors.ts';
import { newId } from '../../lib/ids.ts';
import { iso, now } from '../../lib/time.ts';
import type { RulesTable } from '../../store/schema.ts';
import { validateRule, type Rule } from './rule.ts';
import { lockRuleOrder, renumberRules } from './rule-order.ts';

export interface StoredRule extends Rule {
  id: string;
  conversation_id: string;
  name: string;
  position: number;
  last_fired_at: number | null;
}

export interface RuleView extends Rule {
  id: string;
  name: string;
  position: number;
  created_at: string;
}

const toStored = (row: Selectable<RulesTable>): StoredRule => ({
  id: row.id,
  conversation_id: row.conversation_id,
  name: row.name,
  position: row.position,
  trigger: JSON.parse(row.trigger),
  reply: row.reply,
  enabled: row.enabled === 1,
  cooldown_seconds: row.cooldown_seconds,
  continue: row.continue === 1,
  last_fired_at: row.last_fired_at,
});

const toView = (row: Selectable<RulesTable>): RuleView => {
  const { conversation_id: _c, last_fired_at: _l, ...rest } = toStored(row);
  return { ...rest, created_at: iso(row.created_at) };
};

/** `name` is not part of the rule's semantics; it is what the bot is called when it replies. */
function validate(input: Record<string, unknown>): { rule: Rule; name: string } {
  const { name, ...rest } = input;
  if (name !== undefined && (typeof name !== 'string' || !name.trim() || name.length > 100)) throw invalidField('name', 'must be a non-empty string of at most 100 characters');
  const result = validateRule(rest);
  if (!result.ok) throw invalidField(result.field, result.message);
  return { rule: result.rule, name: typeof name === 'string' ? name.trim() : 'Auto-responder' };
}

/** Appends the rule, or puts it at `position` (0-based), the rules from there on moving down a place. */
export async function createRule(ctx: CoreContext, principal: Principal, conversationId: string, input: Record<string, unknown>): Promise<RuleView> {
  await requireConversation(ctx, principal, conversationId);
  const { position, ...fields } = input;
  const { rule, name } = validate(fields);
  const row = {
    id: newId('rule'),
    conversation_id: conversationId,
    position: 0,
    name,
    trigger: JSON.stringify(rule.trigger),
    reply: rule.reply,
    enabled: rule.enabled ? 1 : 0,
    cooldown_seconds: rule.cooldown_seconds,
    continue: rule.continue ? 1 : 0,
    last_fired_at: null,
    created_by: principal.user.id,
    created_at: now(),
  };
  await ctx.store.db.transaction().execute(async (db) => {
    await lockRuleOrder(db, ctx.store.engine, conversationId);
    row.position = (await renumberRules(db, conversationId)).length;
    await db.insertInto('rules').values(row).execute();
    // Out of range: 422, and the insert rolls back with the transaction.
    if (position !== undefined) row.position = (await renumberRules(db, conversationId, { id: row.id, to: position })).indexOf(row.id);
  });
  forget(ctx, conversationId);
  return toView(row);
}

export async function listRules(ctx: CoreContext, principal: Principal, conversationId: string): Promise<RuleView[]> {
  await requireConversation(ctx, principal, conversationId);
  const rows = await ctx.store.db.selectFrom('rules').selectAll().where('conversation_id', '=', conversationId).orderBy('position').orderBy('created_at').orderBy('id').execute();
  return rows.map(toView);
}

async function requireRule(ctx: CoreContext, principal: Principal, ruleId: string): Promise<Selectable<RulesTable>> {
  const row = await ctx.store.db.selectFrom('rules').selectAll().where('id', '=', ruleId).executeTakeFirst();
  if (row && (await requireConversation(ctx, principal, row.conversation_id).then(() => true, () => false))) return row;
  throw new SwitchboardError('rule_not_found', 'rule not found');
}

/**
 * Replaces what is given (a whole trigger, the reply, enabled, ...) and validates the result as a
 * whole. `position` moves the rule to that 0-based index of the conversation's list, shifting the
 * rules between; it is applied in the same transaction as the other fields.
 */
export async function updateRule(ctx: CoreContext, principal: Principal, ruleId: string, patch: Record<string, unknown>): Promise<RuleView> {
  const row = await requireRule(ctx, principal, ruleId);
  const { position, ...fields } = patch;
  const current = toStored(row);
  const { rule, name } = validate({ name: current.name, trigger: current.trigger, reply: current.reply, enabled: current.enabled, cooldown_seconds: current.cooldown_seconds, continue: current.continue, ...fields });
  const next = { name, trigger: JSON.stringify(rule.trigger), reply: rule.reply, enabled: rule.enabled ? 1 : 0, cooldown_seconds: rule.cooldown_seconds, continue: rule.continue ? 1 : 0, position: row.position };
  await ctx.store.db.transaction().execute(async (db) => {
    if (position !== undefined) {
      await lockRuleOrder(db, ctx.store.engine, row.conversation_id);
      next.position = (await renumberRules(db, row.conversation_id, { id: ruleId, to: position })).indexOf(ruleId);
    }
    const { position: _p, ...columns } = next;
    await db.updateTable('rules').set(columns).where('id', '=', ruleId).execute();
  });
  forget(ctx, row.conversation_id);
  return toView({ ...row, ...next });
}

/** Removes the rule; the ones after it move up a place. */
export async function deleteRule(ctx: CoreContext, principal: Principal, ruleId: string): Promise<void> {
  const row = await requireRule(ctx, principal, ruleId);
  await ctx.store.db.transaction().execute(async (db) => {
    await lockRuleOrder(db, ctx.store.engine, row.conversation_id);
    await db.deleteFrom('rules').where('id', '=', ruleId).execute();
    await renumberRules(db, row.conversation_id);
  });
  forget(ctx, row.conversation_id);
}

/**
 * The enabled rules of a conversation, in order. Read on every message, so cached briefly: changes
 * made on this node apply at once (the cache is dropped after their commit), changes made on another
 * node within CACHE_MS. `last_fired_at` is kept current in the cache by `markFired`.
 */
const CACHE_MS = 2_000;
/** `epoch` counts drops: a read that began before a drop may hold the old rules, and is not kept. */
const cache = new WeakMap<CoreContext, { epoch: number; byConversation: Map<string, { rules: StoredRule[]; until: number }> }>();

function cacheOf(ctx: CoreContext) {
  let state = cache.get(ctx);
  if (!state) cache.set(ctx, (state = { epoch: 0, byConversation: new Map() }));
  return state;
}

export async function enabledRules(ctx: CoreContext, conversationId: string): Promise<StoredRule[]> {
  const state = cacheOf(ctx);
  const hit = state.byConversation.get(conversationId);
  if (hit && hit.until > Date.now()) return hit.rules;
  const epoch = state.epoch;
  const rows = await ctx.store.db
    .selectFrom('rules')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('enabled', '=', 1)
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const rules = rows.map(toStored);
  if (state.epoch !== epoch) return rules;
  if (state.byConversation.size > 10_000) state.byConversation.clear();
  state.byConversation.set(conversationId, { rules, until: Date.now() + CACHE_MS });
  return rules;
}

export async function markFired(ctx: CoreContext, rule: StoredRule, at: number): Promise<void> {
  rule.last_fired_at = at;
  await ctx.store.db.updateTable('rules').set({ last_fired_at: at }).where('id', '=', rule.id).execute();
}

function forget(ctx: CoreContext, conversationId: string): void {
  const state = cacheOf(ctx);
  state.epoch++;
  state.byConversation.delete(conversationId);
}
