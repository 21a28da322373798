/**
 * Reading Live Helper Chat's exported JSON: its settings sit in `configuration`, itself a JSON
 * string (an object in some exports, absent in flat ones).
 */

/** An export we cannot translate; `field` names where, e.g. `incoming.msg_body_2`. */
export class LhcImportError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'LhcImportError';
    this.field = field;
  }
}

export type LhcObject = Record<string, unknown>;

export function isObject(value: unknown): value is LhcObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The settings object of an export (`configuration` decoded), or the export itself when flat. */
export function readConfiguration(exported: unknown, field: string): LhcObject {
  if (!isObject(exported)) throw new LhcImportError(field, 'must be the exported JSON object');
  const configuration = exported.configuration;
  if (configuration === undefined) return exported;
  if (isObject(configuration)) return configuration;
  if (typeof configuration !== 'string') throw new LhcImportError(`${field}.configuration`, 'must be a JSON string or object');
  let decoded: unknown;
  try {
    decoded = JSON.parse(configuration);
  } catch (error) {
    throw new LhcImportError(`${field}.configuration`, `is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(decoded)) throw new LhcImportError(`${field}.configuration`, 'must hold a JSON object');
  return decoded;
}

/** LHC's forms store unset options as '', false, 0, null or []. */
export function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || value === false || value === 0 || value === '0' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A setting as trimmed text, or null when blank. */
export function readSetting(settings: LhcObject, key: string, field: string): string | null {
  const value = settings[key];
  if (isBlank(value)) return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw new LhcImportError(`${field}.${key}`, 'must be text');
  const text = String(value);
  return text.trim() === '' ? null : text;
}

/** LHC's checkboxes export as true, 1 or "1". */
export function readFlag(settings: LhcObject, key: string): boolean {
  const value = settings[key];
  return value === true || value === 1 || value === '1' || value === 'true';
}
