/**
 * Checks an action's definition: event, conditions, request (the mapping's reply call, so the same
 * templates, variables and JSON-body rules as a bridge's reply). Failures are 422 naming the
 * field: `event`, `conditions[0].path`, `request.body`, `request.headers.X-Api-Key`.
 */
import { invalidField } from '../../core/errors.ts';
import { EVENT_TYPES, type EventType } from '../../core/types.ts';
import { type ReplyCall, validateReplyCall } from '../../mapping/reply-call.ts';
import { collectInvalid, InvalidField, isRecord, readChoice, readString } from '../../mapping/validation.ts';
import { readConditions, type ActionCondition } from './conditions.ts';

export const ACTION_EVENTS = EVENT_TYPES;
export const ACTION_STATUSES = ['active', 'paused'] as const;
export const MAX_ACTION_NAME = 100;
const FIELDS = ['name', 'event', 'conditions', 'request', 'status'] as const;

/** A checked definition; on a patch only the given fields are set. */
export interface ActionInput {
  name?: string;
  event?: EventType;
  conditions?: ActionCondition[];
  request?: ReplyCall;
  status?: (typeof ACTION_STATUSES)[number];
}

/** `create`: event and request are required. Throws SwitchboardError invalid_field (422). */
export function checkActionInput(body: unknown, create: boolean): ActionInput {
  const result = collectInvalid(() => readInput(body, create));
  if ('ok' in result) throw invalidField(result.field, result.message);
  return result;
}

function readInput(body: unknown, create: boolean): ActionInput {
  if (!isRecord(body)) throw new InvalidField('body', 'must be an object');
  const unknown = Object.keys(body).find((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) throw new InvalidField(unknown, `unknown field (allowed: ${FIELDS.join(', ')})`);
  const raw = body;
  const out: ActionInput = {};
  if (create && raw.event === undefined) throw new InvalidField('event', `is required (one of ${ACTION_EVENTS.join(', ')})`);
  if (create && raw.request === undefined) throw new InvalidField('request', 'is required: {method, url, headers, body}');
  if (raw.name !== undefined) out.name = readString(raw.name, 'name', MAX_ACTION_NAME).trim();
  if (raw.event !== undefined) out.event = readChoice(raw.event, 'event', ACTION_EVENTS);
  if (raw.conditions !== undefined || create) out.conditions = readConditions(raw.conditions);
  if (raw.status !== undefined) out.status = readChoice(raw.status, 'status', ACTION_STATUSES);
  if (raw.request !== undefined) {
    const checked = validateReplyCall(raw.request);
    // The reply validator names fields `reply.…`; here the call is `request`.
    if (!checked.ok) throw new InvalidField(checked.field.replace(/^reply\b/, 'request'), checked.message);
    out.request = checked.call;
  }
  return out;
}
