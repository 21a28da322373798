/**
 * A bridge's reply: the templated REST call that carries an operator's message back to the
 * third party. Data we own and validate; `renderReplyCall` (render-reply-call.ts) fills it in.
 */
import {
  collectInvalid,
  type Invalid,
  InvalidField,
  isRecord,
  readChoice,
  readObject,
  readString,
  readTemplate,
} from './validation.ts';
import { parseTemplate, renderTemplate } from './templates.ts';

export const REPLY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ReplyMethod = (typeof REPLY_METHODS)[number];

/**
 * Templates use the ReplyVars below. A `Content-Type` header naming JSON makes `body` and
 * `file_body` JSON templates: every value is inserted JSON-encoded.
 * @example { method: 'POST', url: '{{bridge.attributes.host}}/sendText',
 *   headers: { 'Content-Type': 'application/json' },
 *   body: '{"args": {"to": {{chat.external_id}}, "content": {{message.body}}}}' }
 */
export interface ReplyCall {
  method: ReplyMethod;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** used instead of `url` when the message is one file and no text */
  file_url?: string | null;
  /** used instead of `body` when the message is one file and no text */
  file_body?: string | null;
}

/** What reply templates can read. */
export interface ReplyVars {
  /** `body`: the text plus a link per attached file, one per line; `text`: the text alone */
  message: { id: string; body: string; text: string };
  /** the support conversation; `external_id` is the third party's chat id */
  chat: { id: string; external_id: string; nick: string | null; phone: string | null; email: string | null };
  bridge: { id: string; name: string; scope: string; attributes: Record<string, string> };
  /** present when the message is one file and no text */
  file?: { name: string; url: string; content_type: string | null } | null;
}

/** Every placeholder a reply template may use, besides `bridge.attributes.<name>`. */
export const REPLY_VARIABLES = [
  'message.id', 'message.body', 'message.text',
  'chat.id', 'chat.external_id', 'chat.nick', 'chat.phone', 'chat.email',
  'bridge.id', 'bridge.name', 'bridge.scope',
  'file.name', 'file.url', 'file.content_type',
] as const;

const CALL_FIELDS = ['method', 'url', 'headers', 'body', 'file_url', 'file_body'] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Set by the HTTP client from the URL and body; a template must not override them.
const FORBIDDEN_HEADERS = ['host', 'content-length', 'transfer-encoding', 'connection'];
const MAX_URL = 2000;
const MAX_BODY = 20_000;
const MAX_HEADERS = 30;

/** Checks a reply call; failures name the field, e.g. `reply.headers.X-Api-Key`. */
export function validateReplyCall(input: unknown): { ok: true; call: ReplyCall } | Invalid {
  return collectInvalid(() => ({ ok: true as const, call: readCall(input) }));
}

/** True when the body templates are JSON templates (the Content-Type names JSON). */
export function usesJsonBody(call: Pick<ReplyCall, 'headers'>): boolean {
  const entry = Object.entries(call.headers).find(([name]) => name.toLowerCase() === 'content-type');
  return entry !== undefined && /json/i.test(entry[1]);
}

/** True when the call has a file variant: then each attachment goes by its own call. */
export const hasFileVariant = (call: ReplyCall): boolean => call.file_url != null || call.file_body != null;

function readCall(input: unknown): ReplyCall {
  const raw = readObject(input, 'reply', CALL_FIELDS);
  const method = readChoice(typeof raw.method === 'string' ? raw.method.toUpperCase() : raw.method, 'reply.method', REPLY_METHODS);
  const headers = readHeaders(raw.headers);
  const call: ReplyCall = { method, url: readUrl(raw.url, 'reply.url', false), headers, body: null };
  const json = usesJsonBody(call);
  call.body = readBody(raw.body, 'reply.body', json, false);
  if (call.body !== null && method === 'GET') throw new InvalidField('reply.body', 'a GET request carries no body');
  if (raw.file_url !== undefined) call.file_url = raw.file_url === null ? null : readUrl(raw.file_url, 'reply.file_url', true);
  if (raw.file_body !== undefined) call.file_body = readBody(raw.file_body, 'reply.file_body', json, true);
  return call;
}

/** The host comes from configuration: a literal http(s) URL or a `{{bridge.…}}` value, never from a message. */
function readUrl(value: unknown, field: string, file: boolean): string {
  const url = readTemplate(value, field, MAX_URL, (path) => refuseVariable(path, file));
  const first = parseTemplate(url)[0];
  const fromConfig = first !== undefined && ('literal' in first ? /^https?:\/\//i.test(first.literal) : first.path.startsWith('bridge.'));
  if (!fromConfig) throw new InvalidField(field, 'must start with http:// or https:// or with a {{bridge.…}} value');
  return url;
}

function readBody(value: unknown, field: string, json: boolean, file: boolean): string | null {
  if (value === undefined || value === null) return null;
  const body = readTemplate(value, field, MAX_BODY, (path) => refuseVariable(path, file));
  if (json) {
    try {
      JSON.parse(renderTemplate(body, {}, { json: true }));
    } catch (error) {
      throw new InvalidField(field, `not valid JSON once its values are filled in: ${(error as Error).message}`);
    }
  }
  return body;
}

function readHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new InvalidField('reply.headers', 'must be an object of header names and values');
  const entries = Object.entries(value);
  if (entries.length > MAX_HEADERS) throw new InvalidField('reply.headers', `must hold at most ${MAX_HEADERS} headers`);
  const headers: Record<string, string> = {};
  for (const [name, raw] of entries) {
    const field = `reply.headers.${name}`;
    if (!HEADER_NAME.test(name)) throw new InvalidField(field, 'is not a valid header name');
    if (FORBIDDEN_HEADERS.includes(name.toLowerCase())) throw new InvalidField(field, 'is set by the HTTP client');
    const text = readString(raw, field, MAX_URL, true);
    if (/[\r\n]/.test(text)) throw new InvalidField(field, 'must not contain line breaks');
    headers[name] = readTemplate(text, field, MAX_URL, (path) => refuseVariable(path, false));
  }
  return headers;
}

function refuseVariable(path: string, file: boolean): string | null {
  if (/^bridge\.attributes\.[^.]+$/.test(path)) return null;
  if (!(REPLY_VARIABLES as readonly string[]).includes(path)) {
    return `known values are ${REPLY_VARIABLES.join(', ')} and bridge.attributes.<name>`;
  }
  if (path.startsWith('file.') && !file) return 'file values exist in file_url and file_body only';
  return null;
}
