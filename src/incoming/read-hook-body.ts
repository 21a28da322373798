/**
 * Turns a hook request into the dialects' RawHookRequest: JSON and urlencoded bodies are parsed by
 * the content-type parsers below (strict UTF-8, bounded nesting), which keep the bytes they were
 * given for signature checks; multipart parts are streamed, files straight to disk while hashed,
 * never held in memory (so a multipart request has no raw bytes).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { SwitchboardError } from '../core/errors.ts';
import { cleanText, type TextPolicy } from '../core/storable-text.ts';
import type { BlobStore } from '../store/blobs/blob-store.ts';
import type { RawHookRequest, ReceivedFile } from './types.ts';

/** Deeper JSON than this is refused: real payloads nest a handful of levels, and depth costs stack. */
export const MAX_JSON_DEPTH = 64;

export type ParsedBody = { kind: 'json'; json: unknown } | { kind: 'form'; form: Record<string, string> };

/** What the hook scope's parsers leave in `request.body`: the parsed body and the Buffer it was parsed from (not a copy). */
type ReceivedBody = ParsedBody & { raw: Buffer };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new SwitchboardError('malformed_request', 'the body is not valid UTF-8');
  }
}

/** Nesting depth measured without recursion, before anything walks the value recursively. */
function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

export function parseJsonBody(body: Buffer): ParsedBody {
  const text = decodeUtf8(body);
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw new SwitchboardError('invalid_payload', `JSON nested deeper than ${MAX_JSON_DEPTH} levels is not accepted`);
  try {
    return { kind: 'json', json: JSON.parse(text) };
  } catch (error) {
    throw new SwitchboardError('malformed_json', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

export function parseFormBody(body: Buffer): ParsedBody {
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(decodeUtf8(body))) form[key] = value;
  return { kind: 'form', form };
}

/** Registers the hook scope's parsers: JSON, urlencoded, and a catch-all that answers 415. */
export function registerHookParsers(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  const wrap = (parse: (b: Buffer) => ParsedBody) => (_req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
    try {
      done(null, Object.assign(parse(body), { raw: body }) satisfies ReceivedBody);
    } catch (error) {
      done(error as Error);
    }
  };
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'buffer', bodyLimit }, wrap(parseJsonBody));
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'buffer', bodyLimit }, wrap(parseJsonBody));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit }, wrap(parseFormBody));
}

export interface HookLimits {
  fileLimitBytes: number;
  /** U+0000 in field names, values, file names and types: refused (400, the default) or stripped */
  text?: TextPolicy;
}

/** Reads every part of a multipart request; files go to temporary blobs the caller commits or discards. */
export async function readMultipart(request: FastifyRequest, blobs: BlobStore, limits: HookLimits): Promise<{ form: Record<string, string>; files: ReceivedFile[] }> {
  const form: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  // Parts are read here, not by a content-type parser, so the edge's NUL rule is applied here.
  const policy = limits.text ?? 'refuse';
  try {
    for await (const part of request.parts() as AsyncIterable<Multipart>) {
      if (part.type === 'file') {
        const received = await blobs.receive(part.file, limits.fileLimitBytes).catch((error: { tooLarge?: boolean; code?: string }) => {
          if (error.tooLarge || error.code === 'FST_REQ_FILE_TOO_LARGE') throw new SwitchboardError('payload_too_large', `a file is larger than the limit of ${limits.fileLimitBytes} bytes`);
          throw error;
        });
        if (part.file.truncated) {
          await blobs.discard(received.path);
          throw new SwitchboardError('payload_too_large', `a file is larger than the limit of ${limits.fileLimitBytes} bytes`);
        }
        const file = { field: part.fieldname, filename: part.filename ?? '', content_type: part.mimetype || 'application/octet-stream', size: received.size, sha256: received.sha256, path: received.path };
        files.push(file);
        // Cleaned in place once listed, so that a refused name discards the file with the others.
        cleanText(file, policy, part.fieldname);
      } else {
        if (part.valueTruncated) throw new SwitchboardError('payload_too_large', `the field ${part.fieldname} is larger than the limit`);
        // @fastify/multipart hands JSON-typed parts (Discord's payload_json) over already parsed.
        const field = cleanText(part.fieldname, policy, '(field name)');
        form[field] = cleanText(typeof part.value === 'string' ? part.value : JSON.stringify(part.value), policy, field);
      }
    }
  } catch (error) {
    await Promise.all(files.map((f) => blobs.discard(f.path)));
    if (error instanceof SwitchboardError) throw error;
    const e = error as { code?: string; message?: string };
    if (e.code === 'FST_FILES_LIMIT' || e.code === 'FST_PARTS_LIMIT' || e.code === 'FST_FIELDS_LIMIT' || e.code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new SwitchboardError('payload_too_large', e.message ?? 'too many parts');
    }
    throw new SwitchboardError('malformed_request', `the multipart body could not be read: ${e.message ?? 'unexpected end'}`);
  }
  return { form, files };
}

/** The request the dialects and verifiers read; refuses a request with no body at all (422 `empty_message`). */
export async function readHookRequest(request: FastifyRequest, blobs: BlobStore, limits: HookLimits): Promise<RawHookRequest> {
  const query = Object.fromEntries(Object.entries(request.query as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  const headers = headerValues(request.headers);
  const about = { query, headers, content_type: mediaType(headers['content-type']) };
  if (request.isMultipart()) {
    const { form, files } = await readMultipart(request, blobs, limits);
    return { kind: 'form', form, files, multipart: true, raw_body: null, ...about };
  }
  const body = request.body as ReceivedBody | undefined | null;
  if (body === undefined || body === null) throw new SwitchboardError('empty_message', 'the request has no body: post JSON, a form or multipart/form-data');
  if (body.kind === 'json') return { kind: 'json', json: body.json, files: [], multipart: false, raw_body: body.raw, ...about };
  return { kind: 'form', form: body.form, files: [], multipart: false, raw_body: body.raw, ...about };
}

/** Node already lowercases header names; only `set-cookie` comes as an array, joined here like any repeated header. */
function headerValues(headers: FastifyRequest['headers']): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.join(', ');
  }
  return values;
}

/** `Application/JSON; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}
