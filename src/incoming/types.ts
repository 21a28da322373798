/** What the hook route hands to a dialect, and what a dialect answers. Dialects are pure: no I/O, no clock. */

/** A file part received in a multipart request, already streamed to disk and hashed by the route. */
export interface ReceivedFile {
  /** the multipart field name: `files`, `files[0]`, `file`, ... */
  field: string;
  /** the client-supplied file name, untrusted (the store makes it safe) */
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  /** where the route put the bytes; dialects never read it */
  path: string;
}

/**
 * One hook request as every dialect and verifier sees it: the parsed body, and what a sender's own
 * headers or signature need. A dialect may be chosen by a header (`x-github-event`) as well as by shape.
 * @example { kind: 'json', json: { text: 'hi' }, files: [], query: {}, multipart: false,
 *   headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook' },
 *   content_type: 'application/json', raw_body: Buffer.from('{"text":"hi"}') }
 */
export interface RawHookRequest {
  /** `json`: `json` holds the parsed body; `form`: urlencoded or multipart fields are in `form` (and `files`) */
  kind: 'json' | 'form';
  json?: unknown;
  /** urlencoded or multipart text fields; a field sent twice keeps its last value */
  form?: Record<string, string>;
  files: ReceivedFile[];
  /** query string of the hook URL (`wait`, `dialect`, ...) */
  query: Record<string, string>;
  /** true when the body came as multipart/form-data */
  multipart: boolean;
  /** every request header, names lowercased; a header sent twice is joined with `, ` */
  headers: Readonly<Record<string, string>>;
  /** the media type of `Content-Type`, lowercased, without parameters (`application/json`); `''` when absent */
  content_type: string;
  /**
   * The body's bytes exactly as received (before U+0000 is stripped from the parsed values), for
   * signature checks. `null` for multipart: its parts are streamed (files straight to disk) and
   * never held whole, so a verifier that needs the bytes refuses a multipart request.
   */
  raw_body: Buffer | null;
}

export interface LinkInput {
  name: string;
  url: string;
  content_type?: string | null;
}

/** One message a dialect wants posted. Generic options (hook identity, idempotency) are applied after the dialect. */
export interface Post {
  body: string;
  /** per-message display name (`user`, `username`) */
  sender_name?: string | null;
  avatar_url?: string | null;
  /** received files to attach (a subset of RawHookRequest.files) */
  files: ReceivedFile[];
  links: LinkInput[];
  /** structured content kept as is for display: `{slack: {...}}`, `{discord: {...}}`, `{mattermost: {...}}` */
  rich?: Record<string, unknown> | null;
  /** Emakin-style: open a case with this id */
  case_id?: string | null;
  /** Emakin-style: append to the case(s) with these ids */
  references?: string[];
}

/** How the hook answers once the post is stored, as its origin does. */
export type ReplyStyle =
  | 'json' //      200 {"ok": true, "message_id", "case_id"}
  | 'text_ok' //   200 text/plain "ok" (Slack, Mattermost)
  | 'discord'; //  204, or 200 with a Discord message object when ?wait=true

export interface ParseOk {
  ok: true;
  dialect: string;
  reply: ReplyStyle;
  posts: Post[];
}

export interface ParseRejected {
  ok: false;
  /** 400 malformed, 422 well-formed but unusable */
  status: 400 | 422;
  code: string;
  message: string;
}

export type ParseResult = ParseOk | ParseRejected;

export interface Dialect {
  name: string;
  /** true when this dialect recognises the request, by its shape or a sender's own header; tried in registry order */
  detect(input: RawHookRequest): boolean;
  parse(input: RawHookRequest): ParseResult;
}
