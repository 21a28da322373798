/**
 * Fills a validated reply call in for one operator message. Pure: the caller sends the result
 * through the outgoing HTTP client (which owns timeouts and the SSRF guard) and logs the attempt.
 */
import { type ReplyCall, type ReplyMethod, type ReplyVars, usesJsonBody } from './reply-call.ts';
import { renderTemplate } from './templates.ts';

/** The HTTP request a reply call renders to. */
export interface RenderedReply {
  method: ReplyMethod;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

/** A reply call that renders to something we must not send (e.g. a URL that is not http(s)). */
export class ReplyRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyRenderError';
  }
}

/**
 * Renders the call; with `vars.file` set and a file variant configured, `file_url`/`file_body`
 * replace `url`/`body`. Throws ReplyRenderError when the URL is not an absolute http(s) URL.
 */
export function renderReplyCall(call: ReplyCall, vars: ReplyVars): RenderedReply {
  const useFile = vars.file != null && (call.file_url != null || call.file_body != null);
  const urlTemplate = useFile ? (call.file_url ?? call.url) : call.url;
  const bodyTemplate = useFile ? (call.file_body ?? call.body) : call.body;
  const url = renderTemplate(urlTemplate, vars, { encode: encodeUrlValue });
  checkUrl(url);
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(call.headers)) {
    headers[name] = renderTemplate(template, vars, { encode: stripLineBreaks });
  }
  const body = bodyTemplate === null ? null : renderTemplate(bodyTemplate, vars, { json: usesJsonBody(call) });
  return { method: call.method, url, headers, body };
}

/** Configuration (`bridge.…`, e.g. the gateway's base URL) goes in as is; anything else is one URL component. */
function encodeUrlValue(text: string, path: string): string {
  return path.startsWith('bridge.') ? text : encodeURIComponent(text);
}

/** A value in a header must not start a new header line. */
function stripLineBreaks(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ReplyRenderError(`the reply URL "${url}" is not an absolute URL (is the bridge attribute set?)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ReplyRenderError(`the reply URL "${url}" is not http(s)`);
  }
}
