/**
 * Conditions in the Live Helper Chat syntax, interpreted (never evaluated as code):
 *   `event=onMessage`                  the value at `event` is `onMessage`
 *   `type=chat,vcard`                  any of the listed values (OR)
 *   `type=text||direction=received`    every `||` clause must hold (AND)
 *   `fromMe=false`                     `true`/`false` match booleans and the strings alike
 *   `caption`                          the key exists (any value, even null)
 *   `direction!=sent`                  none of the listed values (a missing key holds)
 * Keys are dotted paths into the subject; keys and values are trimmed.
 */
import { isValidPath, readPath } from './paths.ts';

export type ClauseOp = 'eq' | 'ne' | 'exists';

/** One `||`-separated clause. */
export interface Clause {
  path: string;
  op: ClauseOp;
  /** empty for `exists` */
  values: string[];
}

/** A parsed condition; holds when every clause holds. */
export interface Condition {
  clauses: Clause[];
}

/** Malformed condition text; `message` names the clause and the problem. */
export class ConditionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionSyntaxError';
  }
}

/** Parses condition text; throws ConditionSyntaxError for `=x`, empty clauses, bad paths. */
export function parseCondition(text: string): Condition {
  if (text.trim() === '') throw new ConditionSyntaxError('the condition is empty');
  const pieces = text.split('||');
  return { clauses: pieces.map((piece, index) => parseClause(piece, pieces.length > 1 ? index + 1 : null)) };
}

function parseClause(piece: string, number: number | null): Clause {
  const where = number === null ? '' : `clause ${number}: `;
  const clause = piece.trim();
  if (clause === '') throw new ConditionSyntaxError(`${where}empty clause (stray "||"?)`);
  const ne = clause.indexOf('!=');
  const eq = clause.indexOf('=');
  let path: string;
  let op: ClauseOp;
  let rest = '';
  if (ne !== -1 && ne < eq) {
    [path, op, rest] = [clause.slice(0, ne), 'ne', clause.slice(ne + 2)];
  } else if (eq !== -1) {
    [path, op, rest] = [clause.slice(0, eq), 'eq', clause.slice(eq + 1)];
  } else {
    [path, op] = [clause, 'exists'];
  }
  path = path.trim();
  if (path === '') throw new ConditionSyntaxError(`${where}"${clause}" has no key before "${op === 'ne' ? '!=' : '='}"`);
  if (!isValidPath(path)) throw new ConditionSyntaxError(`${where}"${path}" is not a dotted path`);
  const values = op === 'exists' ? [] : rest.split(',').map((value) => value.trim());
  return { path, op, values };
}

/** A message for malformed condition text, or null when it parses. */
export function checkCondition(text: string): string | null {
  try {
    parseCondition(text);
    return null;
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return error.message;
    throw error;
  }
}

/** True when every clause holds for `subject`. Accepts parsed conditions or their text. */
export function evaluateCondition(condition: Condition | string, subject: unknown): boolean {
  const parsed = typeof condition === 'string' ? parseCondition(condition) : condition;
  return parsed.clauses.every((clause) => holds(clause, subject));
}

function holds(clause: Clause, subject: unknown): boolean {
  const value = readPath(subject, clause.path);
  switch (clause.op) {
    case 'exists':
      return value !== undefined;
    case 'eq':
      return clause.values.some((expected) => equals(value, expected));
    case 'ne':
      return !clause.values.some((expected) => equals(value, expected));
  }
}

/** Scalars compare by their text: 5 equals "5", true equals "true". Objects, lists and null never equal. */
function equals(value: unknown, expected: string): boolean {
  if (typeof value === 'string') return value === expected;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value) === expected;
  return false;
}
