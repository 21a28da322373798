/**
 * Reads dialect fixtures (test support; dialects never import this). A fixture is one raw
 * request body, named for its case, beside its expected result:
 *   `<case>.json`       a JSON body
 *   `<case>.txt`        an application/x-www-form-urlencoded body (trailing newline ignored)
 *   `<case>.multipart`  a multipart/form-data body written with LF line endings (sent as CRLF);
 *                       its first line is `--<boundary>`
 *   `<case>.expected.json`  `{"sniffs_as": <dialect|null>, "result": <ParseResult, files as {field, filename}>}`
 * `readFixtureBody` gives the bytes and content type to post over HTTP; `loadFixtureRequest`
 * gives the RawHookRequest the hook route would build from them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mediaType } from '../read-hook-body.ts';
import type { RawHookRequest, ReceivedFile } from '../types.ts';

const BODY_FORMATS = [
  { suffix: '.multipart', format: 'multipart' },
  { suffix: '.json', format: 'json' },
  { suffix: '.txt', format: 'form' },
] as const;

export type FixtureFormat = (typeof BODY_FORMATS)[number]['format'];

/** One fixture body and where its expected result should be. */
export interface Fixture {
  /** the case name, e.g. `message__with_user` */
  name: string;
  format: FixtureFormat;
  path: string;
  expectedPath: string;
}

export const EXPECTED_SUFFIX = '.expected.json';

/** The fixtures in a folder, by name; expected files are not fixtures themselves. */
export function listFixtures(folder: string): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const file of readdirSync(folder).sort()) {
    if (file.endsWith(EXPECTED_SUFFIX) || file === 'README.md') continue;
    const kind = BODY_FORMATS.find(({ suffix }) => file.endsWith(suffix));
    if (kind === undefined) throw new Error(`${join(folder, file)}: not a fixture (.json, .txt or .multipart)`);
    const name = file.slice(0, -kind.suffix.length);
    fixtures.push({ name, format: kind.format, path: join(folder, file), expectedPath: join(folder, name + EXPECTED_SUFFIX) });
  }
  return fixtures;
}

/** The bytes and `Content-Type` to post for a fixture. */
export function readFixtureBody(fixture: Fixture): { contentType: string; body: Buffer } {
  const text = readFileSync(fixture.path, 'utf8');
  switch (fixture.format) {
    case 'json':
      return { contentType: 'application/json', body: Buffer.from(text) };
    case 'form':
      return { contentType: 'application/x-www-form-urlencoded', body: Buffer.from(text.replace(/\r?\n$/, '')) };
    case 'multipart': {
      const boundary = text.slice(2, text.indexOf('\n')).trim();
      const body = Buffer.from(text.replace(/\r?\n/g, '\r\n'));
      return { contentType: `multipart/form-data; boundary=${boundary}`, body };
    }
  }
}

/** The RawHookRequest the route would hand to `parseHookRequest` for this fixture. */
export async function loadFixtureRequest(fixture: Fixture, query: Record<string, string> = {}): Promise<RawHookRequest> {
  const { contentType, body } = readFixtureBody(fixture);
  const about = { query, headers: { 'content-type': contentType }, content_type: mediaType(contentType) };
  if (fixture.format === 'json') return { kind: 'json', json: JSON.parse(body.toString('utf8')), files: [], multipart: false, raw_body: body, ...about };
  if (fixture.format === 'form') {
    const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    return { kind: 'form', form, files: [], multipart: false, raw_body: body, ...about };
  }
  const parts = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  const form: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  for (const [field, value] of parts) {
    if (typeof value === 'string') form[field] = value;
    else files.push(await receiveFile(field, value));
  }
  return { kind: 'form', form, files, multipart: true, raw_body: null, ...about };
}

async function receiveFile(field: string, file: File): Promise<ReceivedFile> {
  const bytes = Buffer.from(await file.arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const contentType = file.type || 'application/octet-stream';
  return { field, filename: file.name, content_type: contentType, size: bytes.length, sha256, path: `/fixtures/${sha256}` };
}
