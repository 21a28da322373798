/**
 * What every dialect shares once the fields are read: a Post with every field set (so
 * consumers and expected fixtures never guess), the empty-message rule, and turning a
 * thrown `PayloadRejection` into a `ParseRejected`.
 */
import type { ParseResult, Post, ReplyStyle } from '../types.ts';
import { PayloadRejection } from './fields.ts';

/** A Post with defaults: `files`/`links`/`references` empty, the rest `null`. */
export function makePost(fields: Partial<Post> & { body: string }): Post {
  return {
    body: fields.body,
    sender_name: emptyToNull(fields.sender_name),
    avatar_url: emptyToNull(fields.avatar_url),
    files: fields.files ?? [],
    links: fields.links ?? [],
    rich: fields.rich ?? null,
    case_id: fields.case_id ?? null,
    references: fields.references ?? [],
  };
}

function emptyToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Rejects a post with no visible text, no file and no link (422 `empty_message`). */
export function requireContent(post: Post): Post {
  if (post.body.trim() === '' && post.files.length === 0 && post.links.length === 0) {
    throw new PayloadRejection(422, 'empty_message', 'The message has no text, no file and no link');
  }
  return post;
}

/** Keeps only the keys that hold something worth showing; `null` when none do. */
export function presentKeys(entries: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.entries(entries).filter(([, value]) => {
    if (value === null || value === undefined || value === '') return false;
    return !Array.isArray(value) || value.length > 0;
  });
  return kept.length === 0 ? null : Object.fromEntries(kept);
}

/** Runs a dialect's translation; a `PayloadRejection` thrown anywhere inside becomes its result. */
export function runDialect(dialect: string, reply: ReplyStyle, translate: () => Post[]): ParseResult {
  try {
    return { ok: true, dialect, reply, posts: translate() };
  } catch (error) {
    if (!(error instanceof PayloadRejection)) throw error;
    return { ok: false, status: error.status, code: error.code, message: error.message };
  }
}
