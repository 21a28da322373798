/**
 * Fleep-style hooks: JSON `{message, user}`, urlencoded `message=&user=`, or multipart with
 * a `message` field and `files` parts. Vendor notes in README.md beside this file.
 */
import type { Dialect, Post, RawHookRequest } from '../../types.ts';
import { Fields, hasAnyKey, sniffJsonObject } from '../fields.ts';
import { makePost, requireContent, runDialect } from '../outcome.ts';

interface FleepFields {
  message: string | null;
  user: string | null;
}

function readFleepFields(input: RawHookRequest): FleepFields {
  if (input.kind === 'json') {
    const body = Fields.of(input.json);
    // `user` is a display name, but scripts post ids too: `{"user": 42}` shows as "42".
    return { message: body.string('message'), user: body.looseString('user') };
  }
  const form = input.form ?? {};
  return { message: form.message ?? null, user: form.user ?? null };
}

function translateFleep(input: RawHookRequest): Post[] {
  const { message, user } = readFleepFields(input);
  // Every file part is attached, whatever its field name: Fleep documents `files`, but
  // hand-written curl commands use `-F file=@x` or `files[]` and expect the same result.
  const post = makePost({ body: message ?? '', sender_name: user, files: [...input.files] });
  return [requireContent(post)];
}

function detectFleep(input: RawHookRequest): boolean {
  if (input.kind === 'json') return hasAnyKey(sniffJsonObject(input.json), ['message']);
  return input.form?.message !== undefined || (input.multipart && input.files.length > 0);
}

export const fleepDialect: Dialect = {
  name: 'fleep',
  detect: detectFleep,
  parse: (input) => runDialect('fleep', 'json', () => translateFleep(input)),
};
