/**
 * Text both stores can keep. PostgreSQL refuses U+0000 (NUL) anywhere in a text value or a query
 * parameter (`invalid byte sequence for encoding "UTF8": 0x00`); SQLite keeps it. Nothing else
 * needs care: bodies that are not UTF-8 are refused by the parsers, lone surrogates become U+FFFD
 * on both engines alike, and JSON is stored as text, where a NUL is the six characters `\u0000`.
 *
 * So NUL never gets past the HTTP edge (api/plugins/sanitize-input.ts), on either engine, by one
 * of two policies: `strip` for what machines post to hook and bridge URLs (a monitoring tool cannot
 * be told, and an alert must not be lost), `refuse` (400 `invalid_text` naming the field) for
 * everything else. The walks never recurse deeper than a few hundred levels: bodies can nest
 * deeper than the stack.
 */
import { SwitchboardError } from './errors.ts';

export type TextPolicy = 'strip' | 'refuse';

const NUL = '\u0000';

/**
 * Only what JSON, form and query parsers produce is walked, not Buffers or streams: arrays and
 * objects whose prototype is Object.prototype, null, or an object without one (fast-querystring's).
 */
function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Deeper than this, the walk goes on without recursion (it is then slower, and rare). */
const RECURSION_DEPTH = 200;

/** True when a string anywhere in `value` (a key or a value) holds a NUL. On every request: kept fast. */
export function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (!isContainer(value)) return false;
  if (depth > RECURSION_DEPTH) return hasNulDeep(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasNul(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value) if (key.includes(NUL) || hasNul(value[key], depth + 1)) return true;
  return false;
}

function hasNulDeep(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.includes(NUL)) return true;
    } else if (Array.isArray(item)) {
      for (const v of item) stack.push(v);
    } else if (isContainer(item)) {
      for (const key in item) {
        if (key.includes(NUL)) return true;
        stack.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** Where the first NUL is, as `a.b[2].c` (`prefix` first); only called once `hasNul` said yes. */
export function nulPath(value: unknown, prefix = ''): string | null {
  const stack: [unknown, string][] = [[value, prefix]];
  while (stack.length) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes(NUL)) return path || '(body)';
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], `${path}[${i}]`]);
    } else if (isContainer(item)) {
      const keys = Object.keys(item).reverse();
      for (const key of keys) {
        const at = path ? `${path}.${visible(key)}` : visible(key);
        if (key.includes(NUL)) return at;
        stack.push([(item as Record<string, unknown>)[key], at]);
      }
    }
  }
  return null;
}

const visible = (text: string) => text.replaceAll(NUL, '\\u0000');

/**
 * Removes every NUL from `value`: strings are returned cleaned, objects and arrays are cleaned in
 * place (a clean body is walked, never copied). Keys holding a NUL are renamed.
 */
export function stripNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll(NUL, '') as T;
  if (!isContainer(value)) return value;
  const stack: (Record<string, unknown> | unknown[])[] = [value];
  while (stack.length) {
    const item = stack.pop()!;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const v = item[i];
        if (typeof v === 'string') {
          if (v.includes(NUL)) item[i] = v.replaceAll(NUL, '');
        } else if (isContainer(v)) stack.push(v);
      }
      continue;
    }
    for (const key of Object.keys(item)) {
      let v = item[key];
      if (typeof v === 'string') {
        if (v.includes(NUL)) item[key] = v = v.replaceAll(NUL, '');
      } else if (isContainer(v)) stack.push(v);
      if (key.includes(NUL)) {
        delete item[key];
        item[key.replaceAll(NUL, '')] = v;
      }
    }
  }
  return value;
}

/**
 * Applies `policy` to one request part: `strip` returns it without NUL; `refuse` returns it as is
 * or throws 400 `invalid_text` naming the field, e.g. `title` or `query.before`.
 * @example cleanText(request.body, 'refuse', '') // throws "title: must not contain U+0000 (NUL)"
 */
export function cleanText<T>(value: T, policy: TextPolicy, prefix = ''): T {
  if (!hasNul(value)) return value;
  if (policy === 'strip') return stripNul(value);
  throw new SwitchboardError('invalid_text', `${nulPath(value, prefix) ?? prefix}: must not contain U+0000 (NUL), which text cannot hold`);
}
