/**
 * Small checked reads for configuration objects (mappings, reply calls). A problem throws an
 * `InvalidField` naming the field (`mapping.kinds[1].condition`); the exported validators catch
 * it once and answer `{ ok: false, field, message }`.
 */
import { checkCondition } from './conditions.ts';
import { checkLocation } from './paths.ts';
import { checkTemplate, listPlaceholders } from './templates.ts';

/** A field that fails validation. */
export class InvalidField extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'InvalidField';
    this.field = field;
  }
}

/** What every validator answers on failure. */
export interface Invalid {
  ok: false;
  field: string;
  message: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object whose keys are all in `allowed`. */
export function readObject(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  if (!isRecord(value)) throw new InvalidField(field, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new InvalidField(`${field}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
  return value;
}

export function readString(value: unknown, field: string, maxLength: number, allowEmpty = false): string {
  if (typeof value !== 'string') throw new InvalidField(field, 'must be a string');
  if (!allowEmpty && value.trim() === '') throw new InvalidField(field, 'must not be empty');
  if (value.length > maxLength) throw new InvalidField(field, `must be at most ${maxLength} characters`);
  return value;
}

export function readBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidField(field, 'must be true or false');
  return value;
}

export function readChoice<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InvalidField(field, `must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

export function readCondition(value: unknown, field: string): string {
  const text = readString(value, field, 1000);
  const problem = checkCondition(text);
  if (problem !== null) throw new InvalidField(field, `malformed condition: ${problem}`);
  return text;
}

export function readLocationText(value: unknown, field: string): string {
  const text = readString(value, field, 300);
  const problem = checkLocation(text);
  if (problem !== null) throw new InvalidField(field, `malformed location: ${problem}`);
  return text.trim();
}

/** A template whose placeholders all satisfy `allowed` (which answers why a path is refused, or null). */
export function readTemplate(
  value: unknown,
  field: string,
  maxLength: number,
  refuse: (path: string) => string | null,
): string {
  const text = readString(value, field, maxLength, true);
  const problem = checkTemplate(text);
  if (problem !== null) throw new InvalidField(field, `template syntax error: ${problem}`);
  for (const path of listPlaceholders(text)) {
    const why = refuse(path);
    if (why !== null) throw new InvalidField(field, `unknown placeholder {{${path}}}: ${why}`);
  }
  return text;
}

/** Runs a validator body, turning the first InvalidField into `{ ok: false, field, message }`. */
export function collectInvalid<T>(validate: () => T): T | Invalid {
  try {
    return validate();
  } catch (error) {
    if (error instanceof InvalidField) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}
