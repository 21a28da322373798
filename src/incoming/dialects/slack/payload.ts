/**
 * Where a Slack-shaped payload sits in the request (shared with the Mattermost dialect):
 * the JSON body; or form field `payload` holding JSON (Slack's documented form post); or,
 * as a fallback, the form fields themselves (`curl -d text=hi`).
 */
import type { RawHookRequest } from '../../types.ts';
import { Fields, parseEmbeddedJson, sniffEmbeddedJson, sniffJsonObject } from '../fields.ts';

/** Form fields that hold structures; in a direct form post they arrive as JSON strings. */
const STRUCTURED_FORM_FIELDS = ['attachments', 'blocks', 'props', 'priority'] as const;

/** The keys that make a payload Slack-shaped. */
export const SLACK_CONTENT_KEYS = ['text', 'blocks', 'attachments'] as const;

export function readSlackPayload(input: RawHookRequest): Fields {
  if (input.kind === 'json') return Fields.of(input.json);
  const form = input.form ?? {};
  if (form.payload !== undefined) return Fields.of(parseEmbeddedJson(form.payload, 'payload'), 'payload');
  const record: Record<string, unknown> = { ...form };
  for (const key of STRUCTURED_FORM_FIELDS) {
    const value = form[key];
    if (value !== undefined) record[key] = parseEmbeddedJson(value, key);
  }
  return Fields.of(record, 'form');
}

/** The payload object for sniffing, without throwing; `null` when there is none to read. */
export function sniffSlackPayload(input: RawHookRequest): Record<string, unknown> | null {
  if (input.kind === 'json') return sniffJsonObject(input.json);
  const form = input.form ?? {};
  return form.payload !== undefined ? sniffEmbeddedJson(form.payload) : form;
}

/** True when the request carries a form field `payload`, well-formed or not. */
export function hasPayloadField(input: RawHookRequest): boolean {
  return input.kind === 'form' && input.form?.payload !== undefined;
}
