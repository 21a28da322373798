/**
 * The table loops every dialect's parse.test.ts runs (test support; dialects never import this):
 * a case is data, and one line runs a dialect's cases.
 * @example testParseCases(fleepDialect, { reply: 'json', defaults: { files: [], links: [] } }, cases);
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dialect, LinkInput, Post, RawHookRequest, ReplyStyle } from '../types.ts';
import { type ExpectedRejection, assertRejected, onlyPost } from './fake-requests.ts';

/** Post fields a case can expect; `files` by file name, in order. A field named neither here nor in the defaults is not compared. */
export interface ExpectedPost {
  body?: string;
  sender_name?: string | null;
  avatar_url?: string | null;
  files?: string[];
  links?: LinkInput[];
  rich?: Record<string, unknown> | null;
  case_id?: string | null;
  references?: string[];
}

const POST_FIELDS = ['body', 'sender_name', 'avatar_url', 'files', 'links', 'rich', 'case_id', 'references'] as const satisfies readonly (keyof ExpectedPost & keyof Post)[];

/** One request, and either the post it makes or how it is rejected. */
export interface ParseCase extends ExpectedPost {
  name: string;
  input: RawHookRequest;
  rejected?: ExpectedRejection;
}

/** What every accepted case of a dialect shares: its reply style, and the fields its posts hold unless a case says otherwise. */
export interface ParseExpectations {
  reply: ReplyStyle;
  defaults: ExpectedPost;
}

/** One test per case, named `<dialect>: <case>`: the rejection, or the single post with the dialect's reply. */
export function testParseCases(dialect: Dialect, expectations: ParseExpectations, cases: ParseCase[]): void {
  for (const c of cases) {
    test(`${dialect.name}: ${c.name}`, () => {
      const result = dialect.parse(c.input);
      if (c.rejected) return assertRejected(result, c.rejected);
      const post = onlyPost(result, expectations.reply);
      const expected: ExpectedPost = { ...expectations.defaults };
      for (const field of POST_FIELDS) if (c[field] !== undefined) Object.assign(expected, { [field]: c[field] });
      assert.deepEqual(fieldsOf(post, expected), expected);
    });
  }
}

/** The post's values for the fields `expected` names; files as their file names. */
function fieldsOf(post: Post, expected: ExpectedPost): ExpectedPost {
  const actual: Record<string, unknown> = {};
  for (const field of POST_FIELDS) {
    if (field in expected) actual[field] = field === 'files' ? post.files.map((file) => file.filename) : post[field];
  }
  return actual;
}

/** `[case, request, whether the dialect claims it]` */
export type DetectCase = [string, RawHookRequest, boolean];

/** One test per case, named `<dialect> detect: <case>`. */
export function testDetectCases(dialect: Dialect, cases: DetectCase[]): void {
  for (const [name, input, expected] of cases) {
    test(`${dialect.name} detect: ${name}`, () => assert.equal(dialect.detect(input), expected));
  }
}
