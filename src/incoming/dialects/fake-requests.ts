/**
 * RawHookRequest builders and result assertions for dialect tests (test support; dialects never import this).
 * Files are fake `ReceivedFile` entries: dialects only choose which to attach, never read them.
 */
import assert from 'node:assert/strict';
import { mediaType } from '../read-hook-body.ts';
import type { ParseResult, Post, RawHookRequest, ReceivedFile, ReplyStyle } from '../types.ts';

export function jsonRequest(json: unknown, query: Record<string, string> = {}): RawHookRequest {
  const request: RawHookRequest = { kind: 'json', json, files: [], query, multipart: false, ...sent('application/json', null) };
  // The bytes are made only when read: the abuse cases nest deeper than JSON.stringify can go.
  return Object.defineProperty(request, 'raw_body', { get: () => Buffer.from(JSON.stringify(json) ?? ''), enumerable: true });
}

/** An urlencoded body (no files). */
export function formRequest(form: Record<string, string>, query: Record<string, string> = {}): RawHookRequest {
  const about = sent('application/x-www-form-urlencoded', Buffer.from(new URLSearchParams(form).toString()));
  return { kind: 'form', form, files: [], query, multipart: false, ...about };
}

/** A multipart body: streamed by the route, so it has no raw bytes. */
export function multipartRequest(
  form: Record<string, string>,
  files: ReceivedFile[],
  query: Record<string, string> = {},
): RawHookRequest {
  return { kind: 'form', form, files, query, multipart: true, ...sent('multipart/form-data; boundary=fake', null) };
}

/** The same request with more headers (names lowercased, as the route gives them), e.g. a sender's `X-Gitlab-Event`. */
export function withHeaders(request: RawHookRequest, headers: Record<string, string>): RawHookRequest {
  const lowercased = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const all = { ...request.headers, ...lowercased };
  return { ...request, headers: all, content_type: mediaType(all['content-type']) };
}

function sent(contentType: string, raw: Buffer | null): Pick<RawHookRequest, 'headers' | 'content_type' | 'raw_body'> {
  return { headers: { 'content-type': contentType }, content_type: mediaType(contentType), raw_body: raw };
}

/** A file part as the route would describe it after streaming it to disk. */
export function fakeFile(field: string, filename: string, contentType = 'text/plain'): ReceivedFile {
  const sha256 = Buffer.from(`${field}/${filename}`).toString('hex').padEnd(64, '0').slice(0, 64);
  return { field, filename, content_type: contentType, size: filename.length * 10, sha256, path: `/tmp/fake/${sha256}` };
}

/** The single post of an accepted result, after checking the reply style. */
export function onlyPost(result: ParseResult, reply: ReplyStyle): Post {
  assert.ok(result.ok, `expected a post, got ${JSON.stringify(result)}`);
  assert.equal(result.reply, reply);
  assert.equal(result.posts.length, 1);
  return result.posts[0];
}

/** What a rejection should be; `message` is compared only when given. */
export interface ExpectedRejection {
  status: 400 | 422;
  code: string;
  message?: string;
}

export function assertRejected(result: ParseResult, expected: ExpectedRejection): void {
  assert.equal(result.ok, false, `expected a rejection, got ${JSON.stringify(result)}`);
  if (result.ok) return;
  const actual: ExpectedRejection = { status: result.status, code: result.code };
  if (expected.message !== undefined) actual.message = result.message;
  assert.deepEqual(actual, expected);
}
