/**
 * One hook URL accepts every dialect. An explicit `?dialect=<name>` wins; otherwise each
 * dialect's `detect` is tried in registry order (dialects/registry.ts documents why). `detect` sees
 * the whole request, headers included; today's dialects look only at the body:
 *
 *   1. discord     JSON `content`/`embeds`; form `payload_json` or `content`; parts `files[n]`,
 *                  `file`, `fileN` (unless a Fleep `message` field is present)
 *   2. mattermost  Slack's keys plus `props`, `priority` or `type`
 *   3. emakin      `text`/`attachments` plus `id` or `references`, or attachments with `@type`
 *   4. slack       `text`, `blocks` or `attachments`; form field `payload`; form field `text`
 *   5. fleep       `message` (JSON or form), or multipart with file parts
 *
 * Ambiguity, decided: `{"text": "hi"}` alone is Slack's (far more senders post it than
 * Emakin's basic message); such an Emakin sender adds `?dialect=emakin` to get its JSON reply.
 */
import { DIALECTS, dialectByName } from './dialects/registry.ts';
import type { Dialect, ParseRejected, ParseResult, RawHookRequest } from './types.ts';

/** The dialect a request asks for (`?dialect=`) or looks like; `null` when neither resolves. */
export function chooseDialect(input: RawHookRequest): Dialect | null {
  const requested = requestedDialect(input);
  if (requested !== null) return dialectByName(requested) ?? null;
  return DIALECTS.find((dialect) => dialect.detect(input)) ?? null;
}

/**
 * Choose and parse in one step, with a clear rejection when no dialect applies:
 * 422 `unknown_dialect` for a bad `?dialect=`, 422 `empty_message` for a request with nothing
 * in it, 422 `unrecognized_payload` for content no dialect recognises.
 */
export function parseHookRequest(input: RawHookRequest): ParseResult {
  const requested = requestedDialect(input);
  const dialect = chooseDialect(input);
  if (dialect !== null) return dialect.parse(input);
  if (requested !== null) {
    return rejected('unknown_dialect', `Unknown dialect "${requested}"; known dialects: ${dialectNames()}`);
  }
  if (isEmptyRequest(input)) return rejected('empty_message', 'The message has no text, no file and no link');
  return rejected(
    'unrecognized_payload',
    `The payload matches no known dialect (${dialectNames()}); add ?dialect=<name> to the hook URL`,
  );
}

function requestedDialect(input: RawHookRequest): string | null {
  const name = input.query.dialect?.trim().toLowerCase() ?? '';
  return name === '' ? null : name;
}

function dialectNames(): string {
  return DIALECTS.map((dialect) => dialect.name).join(', ');
}

function isEmptyRequest(input: RawHookRequest): boolean {
  if (input.files.length > 0) return false;
  if (input.kind === 'form') return Object.keys(input.form ?? {}).length === 0;
  const json = input.json;
  if (json === undefined || json === null) return true;
  return typeof json === 'object' && Object.keys(json).length === 0;
}

function rejected(code: ParseRejected['code'], message: string): ParseRejected {
  return { ok: false, status: 422, code, message };
}
