/**
 * An action's conditions: every one must hold (AND) over the event's subject (subject.ts), e.g.
 * `{path: "message.sender.type", op: "=", value: "user"}` or `{path: "bridge.scope", op: "present"}`.
 * Values compare as text (`true`, `42`); `contains` is a substring test, or membership for lists.
 */
import { isValidPath, readPath } from '../../mapping/paths.ts';
import { InvalidField, isRecord, readChoice, readObject, readString } from '../../mapping/validation.ts';

export const CONDITION_OPS = ['=', '!=', 'contains', 'present', 'absent'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** One test on the event's data; `value` is required except for `present`/`absent`. */
export interface ActionCondition {
  path: string;
  op: ConditionOp;
  value?: string;
}

/** The first segment of every path: what subject.ts builds. */
export const CONDITION_ROOTS = ['event', 'message', 'conversation', 'bridge', 'case', 'data'] as const;
const MAX_CONDITIONS = 20;
const MAX_VALUE = 1000;

/** Checks a conditions list; throws InvalidField naming e.g. `conditions[0].path`. */
export function readConditions(input: unknown): ActionCondition[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw new InvalidField('conditions', 'must be a list');
  if (input.length > MAX_CONDITIONS) throw new InvalidField('conditions', `must hold at most ${MAX_CONDITIONS} conditions`);
  return input.map((raw, i) => readCondition(raw, `conditions[${i}]`));
}

function readCondition(input: unknown, field: string): ActionCondition {
  if (!isRecord(input)) throw new InvalidField(field, 'must be an object {path, op, value}');
  const raw = readObject(input, field, ['path', 'op', 'value']);
  const path = readString(raw.path, `${field}.path`, 200);
  const root = path.split('.')[0];
  if (!isValidPath(path)) throw new InvalidField(`${field}.path`, 'must be a dotted path such as message.sender.type');
  if (!(CONDITION_ROOTS as readonly string[]).includes(root)) throw new InvalidField(`${field}.path`, `must start with one of ${CONDITION_ROOTS.join(', ')}`);
  const op = readChoice(raw.op, `${field}.op`, CONDITION_OPS);
  if (op === 'present' || op === 'absent') {
    if (raw.value !== undefined) throw new InvalidField(`${field}.value`, `${op} takes no value`);
    return { path, op };
  }
  if (typeof raw.value === 'number' || typeof raw.value === 'boolean') return { path, op, value: String(raw.value) };
  return { path, op, value: readString(raw.value, `${field}.value`, MAX_VALUE, true) };
}

/** True when every condition holds for `subject`. */
export function conditionsHold(conditions: ActionCondition[], subject: unknown): boolean {
  return conditions.every((condition) => holds(condition, readPath(subject, condition.path)));
}

function holds({ op, value }: ActionCondition, actual: unknown): boolean {
  const present = actual !== undefined && actual !== null && actual !== '';
  switch (op) {
    case 'present':
      return present;
    case 'absent':
      return !present;
    case '=':
      return present && asText(actual) === value;
    case '!=':
      return !present || asText(actual) !== value;
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => asText(item) === value);
      return present && asText(actual).includes(value ?? '');
  }
}

function asText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
