/**
 * Checked reads of untrusted payloads (style.md principle 3, after Zulip's `WildValue`).
 * A wrong type throws a `PayloadRejection` naming the JSON path, e.g.
 * `$.attachments[0].url must be a string, got number`; `runDialect` turns it into a 422.
 */
import type { ErrorCode } from '../../core/errors.ts';

type RejectionCode = Extract<ErrorCode, 'malformed_json' | 'invalid_payload' | 'empty_message'>;

/** Thrown by checked reads and dialects; caught once by `runDialect`. */
export class PayloadRejection extends Error {
  readonly status: 400 | 422;
  readonly code: RejectionCode;

  constructor(status: 400 | 422, code: RejectionCode, message: string) {
    super(message);
    this.name = 'PayloadRejection';
    this.status = status;
    this.code = code;
  }
}

export function invalidPayload(path: string, problem: string): never {
  throw new PayloadRejection(422, 'invalid_payload', `${path} ${problem}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A checked view of one JSON object at a known path. Absent and `null` keys read as `null`
 * everywhere: senders that template their payloads often emit `"user": null`.
 * @example Fields.of(input.json).string('message') // string | null, or throws invalid_payload
 */
export class Fields {
  readonly path: string;
  readonly #record: Record<string, unknown>;

  private constructor(record: Record<string, unknown>, path: string) {
    this.#record = record;
    this.path = path;
  }

  static of(value: unknown, path = '$'): Fields {
    if (!isRecord(value)) invalidPayload(path, `must be an object, got ${describe(value)}`);
    return new Fields(value, path);
  }

  pathOf(key: string): string {
    return `${this.path}.${key}`;
  }

  /** The value as sent, `null` when absent; for keys kept verbatim in `rich`. */
  raw(key: string): unknown {
    // Own keys only: `{}` must not answer `constructor` or `toString` from its prototype.
    return Object.hasOwn(this.#record, key) ? (this.#record[key] ?? null) : null;
  }

  has(key: string): boolean {
    return this.raw(key) !== null;
  }

  string(key: string): string | null {
    const value = this.raw(key);
    if (value === null || typeof value === 'string') return value;
    return invalidPayload(this.pathOf(key), `must be a string, got ${describe(value)}`);
  }

  /**
   * A display string where real senders are sloppy: numbers and booleans are converted
   * (a script posting `{"user": 42}`, Alertmanager field values like `{"value": 93.5}`).
   */
  looseString(key: string): string | null {
    const value = this.raw(key);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.string(key);
  }

  object(key: string): Fields | null {
    const value = this.raw(key);
    return value === null ? null : Fields.of(value, this.pathOf(key));
  }

  array(key: string): unknown[] | null {
    const value = this.raw(key);
    if (value === null || Array.isArray(value)) return value;
    return invalidPayload(this.pathOf(key), `must be an array, got ${describe(value)}`);
  }

  /** An array whose items must all be objects; `[]` when absent. */
  objects(key: string): Fields[] {
    const items = this.array(key) ?? [];
    return items.map((item, index) => Fields.of(item, `${this.pathOf(key)}[${index}]`));
  }
}

/** Parse JSON carried inside a form field (`payload`, `payload_json`); a syntax error is a 400. */
export function parseEmbeddedJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PayloadRejection(400, 'malformed_json', `form field ${field} is not valid JSON: ${reason}`);
  }
}

/** Parse embedded JSON for sniffing only: never throws, `null` unless it is an object. */
export function sniffEmbeddedJson(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** The top-level JSON object of a JSON request, for sniffing; `null` for anything else. */
export function sniffJsonObject(json: unknown): Record<string, unknown> | null {
  return isRecord(json) ? json : null;
}

/** True when any of the keys holds a non-null value. */
export function hasAnyKey(record: Record<string, unknown> | null, keys: readonly string[]): boolean {
  return record !== null && keys.some((key) => (record[key] ?? null) !== null);
}

/** An `http(s)` URL string, else `null`: avatars and icons from sloppy senders are dropped, not fatal. */
export function httpUrlOrNull(value: string | null): string | null {
  if (value === null || !URL.canParse(value)) return null;
  const protocol = new URL(value).protocol;
  return protocol === 'http:' || protocol === 'https:' ? value : null;
}
