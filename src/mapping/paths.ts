/**
 * Reading values out of untrusted JSON by dotted path (`sender.name`, `messages.0.id`) and the
 * Live Helper Chat location syntax `path||separator||index` (`chatId||@||0`).
 * Only own properties are followed, so `__proto__` or `constructor` never reach the prototype.
 */

/** A segment may hold anything but whitespace and the characters the mapping syntaxes use. */
const SEGMENT = /^[^\s.{}|=!,]+$/u;
const INDEX = /^(0|[1-9][0-9]*)$/;

/** True for `a`, `a.b`, `items.0.name`; false for '', `a..b`, `a b`, `a=b`. */
export function isValidPath(path: string): boolean {
  return path.split('.').every((segment) => SEGMENT.test(segment));
}

/** The value at `path` inside `subject`, or undefined when any step is missing. */
export function readPath(subject: unknown, path: string): unknown {
  let current: unknown = subject;
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      if (!INDEX.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * A parsed location. Example: `chatId||@||0` is
 * `{ path: 'chatId', split: { separator: '@', index: 0 } }`.
 */
export interface Location {
  path: string;
  split: { separator: string; index: number | 'last' } | null;
}

/** A location text that cannot be read; `message` says why. */
export class LocationSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocationSyntaxError';
  }
}

/** Parses `path` or `path||separator||index|last`; throws LocationSyntaxError when malformed. */
export function parseLocation(text: string): Location {
  const parts = text.split('||');
  const path = parts[0].trim();
  if (path === '') throw new LocationSyntaxError('the location is empty');
  if (!isValidPath(path)) throw new LocationSyntaxError(`"${path}" is not a dotted path`);
  if (parts.length === 1) return { path, split: null };
  if (parts.length !== 3) throw new LocationSyntaxError('expected path||separator||index (e.g. chatId||@||0)');
  const separator = parts[1];
  if (separator === '') throw new LocationSyntaxError('the separator is empty');
  const index = parts[2].trim();
  if (index === 'last') return { path, split: { separator, index } };
  if (!INDEX.test(index)) throw new LocationSyntaxError(`index "${index}" is neither a number from 0 nor "last"`);
  return { path, split: { separator, index: Number(index) } };
}

/** A message for a malformed location, or null when it parses. */
export function checkLocation(text: string): string | null {
  try {
    parseLocation(text);
    return null;
  } catch (error) {
    if (error instanceof LocationSyntaxError) return error.message;
    throw error;
  }
}

/**
 * The value a location points at. With a split, strings and numbers are split and one element
 * taken; an index past the end keeps the whole value, as Live Helper Chat does.
 */
export function readLocation(subject: unknown, location: Location | string): unknown {
  const { path, split } = typeof location === 'string' ? parseLocation(location) : location;
  const value = readPath(subject, path);
  if (split === null) return value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  const pieces = text.split(split.separator);
  if (split.index === 'last') return pieces[pieces.length - 1];
  return split.index < pieces.length ? pieces[split.index] : text;
}
