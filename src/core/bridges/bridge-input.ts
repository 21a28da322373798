/**
 * Checks what a bridge is made of. The mapping and the reply call are validated by the mapping
 * module (mapping); a failure is a 422 naming the field, e.g.
 * `mapping.kinds[1].condition` or `reply.headers.X-Api-Key`.
 */
import { type Mapping, validateMapping } from '../../mapping/mapping.ts';
import { type ReplyCall, validateReplyCall } from '../../mapping/reply-call.ts';
import { isValidPath } from '../../mapping/paths.ts';
import type { CoreContext } from '../context.ts';
import { invalidField } from '../errors.ts';

export const MAX_BRIDGE_NAME = 100;
export const MAX_SCOPE = 50;
export const MAX_ATTRIBUTES = 50;
export const MAX_ATTRIBUTE_VALUE = 2000;
export const MAX_OPERATORS = 50;

/** A create or patch body; absent fields are left as they are. */
export interface BridgeInput {
  name?: string;
  scope?: string;
  attributes?: Record<string, string>;
  mapping?: unknown;
  reply?: unknown;
  operator_ids?: string[];
}

export interface CheckedBridge {
  name?: string;
  scope?: string;
  attributes?: Record<string, string>;
  mapping?: Mapping;
  reply?: ReplyCall | null;
  operator_ids?: string[];
}

export async function checkBridgeInput(ctx: CoreContext, input: BridgeInput): Promise<CheckedBridge> {
  const out: CheckedBridge = {};
  if (input.name !== undefined) out.name = checkText(input.name, 'name', MAX_BRIDGE_NAME, false);
  if (input.scope !== undefined) out.scope = checkText(input.scope, 'scope', MAX_SCOPE, true);
  if (input.attributes !== undefined) out.attributes = checkAttributes(input.attributes);
  if (input.mapping !== undefined) {
    const checked = validateMapping(input.mapping);
    if (!checked.ok) throw invalidField(checked.field, checked.message);
    out.mapping = checked.mapping;
  }
  if (input.reply !== undefined) {
    const checked = input.reply === null ? null : validateReplyCall(input.reply);
    if (checked && !checked.ok) throw invalidField(checked.field, checked.message);
    out.reply = checked ? checked.call : null;
  }
  if (input.operator_ids !== undefined) out.operator_ids = await checkOperators(ctx, input.operator_ids);
  return out;
}

function checkText(value: string, field: string, max: number, allowEmpty: boolean): string {
  const text = value.trim();
  if (!text && !allowEmpty) throw invalidField(field, 'must not be empty');
  if (text.length > max) throw invalidField(field, `must have at most ${max} characters`);
  return text;
}

/** Keys are what `{{bridge.attributes.<key>}}` can address: one path segment. */
function checkAttributes(attributes: Record<string, string>): Record<string, string> {
  const entries = Object.entries(attributes);
  if (entries.length > MAX_ATTRIBUTES) throw invalidField('attributes', `must hold at most ${MAX_ATTRIBUTES} keys`);
  for (const [key, value] of entries) {
    if (key.includes('.') || !isValidPath(key)) throw invalidField(`attributes.${key}`, 'a key must not contain whitespace or . { } | = ! ,');
    if (typeof value !== 'string') throw invalidField(`attributes.${key}`, 'must be a string');
    if (value.length > MAX_ATTRIBUTE_VALUE) throw invalidField(`attributes.${key}`, `must have at most ${MAX_ATTRIBUTE_VALUE} characters`);
  }
  return Object.fromEntries(entries);
}

async function checkOperators(ctx: CoreContext, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_OPERATORS) throw invalidField('operator_ids', `must hold at most ${MAX_OPERATORS} users`);
  if (!unique.length) return [];
  const found = new Set((await ctx.store.db.selectFrom('users').select('id').where('id', 'in', unique).execute()).map((u) => u.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw invalidField(`operator_ids[${missing}]`, 'no user has this id');
  return unique;
}
