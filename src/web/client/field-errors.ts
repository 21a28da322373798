/**
 * The API names the field of a 422 at the start of its message (`trigger.pattern: not a supported
 * regular expression`). Forms show that message next to the field it names.
 */
import { ApiError } from './api.ts';

/** Field path -> message; `''` holds a message that names no field of the form. */
export type FieldErrors = Record<string, string>;

const FIELD_PREFIX = /^([a-z_][\w.]*(?:\[\d+\])?(?:\.[\w]+)*):\s+(.+)$/s;

/** `{field, message}` of an API message, with list indexes dropped (`trigger.keywords[2]` -> `trigger.keywords`). */
export function splitFieldMessage(message: string): { field: string; message: string } | null {
  const match = FIELD_PREFIX.exec(message);
  if (!match) return null;
  return { field: match[1].replace(/\[\d+\]/g, ''), message: match[2] };
}

/**
 * Places an error under one of `known` fields: the field itself, or the nearest known parent
 * (`trigger.phrase` -> `trigger`), else under `''` with the field named in the text.
 */
export function fieldErrorsOf(error: unknown, known: readonly string[]): FieldErrors {
  const text = error instanceof Error ? error.message : String(error);
  const split = error instanceof ApiError && error.status === 422 ? splitFieldMessage(text) : null;
  if (!split) return { '': text };
  for (let field = split.field; field; field = field.includes('.') ? field.slice(0, field.lastIndexOf('.')) : '') {
    if (known.includes(field)) return { [field]: split.message };
  }
  return { '': text };
}

export const errorId = (idBase: string, field: string): string => `${idBase}-${field.replace(/\W/g, '-')}-error`;

/** Props that tie an input to its error text (`aria-invalid`, `aria-describedby`). */
export function errorProps(errors: FieldErrors, field: string, idBase: string) {
  return errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': errorId(idBase, field) } : {};
}
