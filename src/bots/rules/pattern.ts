/**
 * Rule patterns run on RE2 (`re2js`): matching time is linear in the message length whatever the
 * pattern, so a rule like `(a+)+$` cannot stall the server. RE2 has no backreferences or
 * lookaround; such patterns fail to compile and are refused when the rule is saved.
 */
import { RE2JS } from 're2js';

export const MAX_PATTERN_LENGTH = 500;

// Rules are matched on every message; compiling once per (pattern, flags) is enough.
const COMPILED = new Map<string, RE2JS>();
const CACHE_LIMIT = 1000;

/** Why a pattern is refused, or null when RE2 accepts it. */
export function checkPattern(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} characters`;
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (error) {
    // re2js reports e.g. "error parsing regexp: invalid escape sequence: `\1`"
    return `not a supported regular expression (RE2 syntax: no backreferences or lookaround): ${(error as Error).message}`;
  }
}

/** True when the pattern matches somewhere in `text`; an uncompilable pattern matches nothing. */
export function searchPattern(pattern: string, text: string, caseSensitive: boolean): boolean {
  const compiled = compile(pattern, caseSensitive);
  return compiled !== null && compiled.matcher(text).find();
}

function compile(pattern: string, caseSensitive: boolean): RE2JS | null {
  const key = `${caseSensitive ? 's' : 'i'}:${pattern}`;
  const cached = COMPILED.get(key);
  if (cached !== undefined) return cached;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch {
    return null;
  }
  if (COMPILED.size >= CACHE_LIMIT) COMPILED.clear();
  COMPILED.set(key, compiled);
  return compiled;
}
