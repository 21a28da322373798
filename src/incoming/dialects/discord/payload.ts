/**
 * Where a Discord execute-webhook payload sits: the JSON body; multipart field `payload_json`
 * (a JSON string) beside the file parts; or, from simple clients, plain multipart fields
 * `content`, `username`, `avatar_url`.
 */
import type { RawHookRequest, ReceivedFile } from '../../types.ts';
import { Fields, parseEmbeddedJson, sniffJsonObject } from '../fields.ts';

/** `files[0]`, `files[1]`, … (current API); `file` and `file1`, `file2`, … (older clients). */
const FILE_PART = /^(?:files\[\d+\]|file\d*)$/;

export function isDiscordFilePart(field: string): boolean {
  return FILE_PART.test(field);
}

export function discordFiles(input: RawHookRequest): ReceivedFile[] {
  return input.files.filter((file) => isDiscordFilePart(file.field));
}

export function readDiscordPayload(input: RawHookRequest): Fields {
  if (input.kind === 'json') return Fields.of(input.json);
  const form = input.form ?? {};
  // Discord reads only `payload_json` when present; other text fields are ignored.
  if (form.payload_json !== undefined) {
    return Fields.of(parseEmbeddedJson(form.payload_json, 'payload_json'), 'payload_json');
  }
  const record: Record<string, unknown> = { ...form };
  if (form.embeds !== undefined) record.embeds = parseEmbeddedJson(form.embeds, 'embeds');
  return Fields.of(record, 'form');
}

export function detectDiscordRequest(input: RawHookRequest): boolean {
  if (input.kind === 'json') {
    const body = sniffJsonObject(input.json);
    return body !== null && (body.content != null || body.embeds != null);
  }
  const form = input.form ?? {};
  if (form.payload_json !== undefined || form.content !== undefined) return true;
  // `curl -F message=hi -F file=@x` is a Fleep-style post with a sloppy part name.
  if (form.message !== undefined) return false;
  return input.files.some((file) => isDiscordFilePart(file.field));
}
