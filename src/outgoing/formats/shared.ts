/** Helpers every outgoing format uses: JSON POSTs, in-response replies, timestamps, absolute file links. */
import type { Attachment } from '../../core/types.ts';
import { USER_AGENT, type DeliveryContext, type OutgoingFormat, type Reply } from './types.ts';

const REPLY_FIELDS = ['text', 'message', 'content'] as const;

/**
 * A format that POSTs its payload as JSON and reads a bot's answer from a JSON response (fleep, standard).
 * @example jsonPostFormat('standard', (ctx) => ({ type: ctx.event.type, data: ctx.event.data }))
 */
export function jsonPostFormat(name: string, buildPayload: (ctx: DeliveryContext) => unknown): OutgoingFormat {
  return {
    name,
    buildRequest: (ctx) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
      body: JSON.stringify(buildPayload(ctx)),
    }),
    readReply: readJsonReply,
  };
}

/**
 * A bot may answer a delivery in its response: a 2xx with a JSON body `{"text": "..."}` (or
 * `message`, as our Fleep-style hooks take, or `content`, as Discord-style ones do). Anything else
 * (other statuses, other content types, bad JSON, empty or non-string fields) is no reply.
 */
export function readJsonReply(status: number, contentType: string | null, body: string): Reply | null {
  if (status < 200 || status > 299) return null;
  // application/json, application/problem+json, ...; parameters such as charset are fine
  if (!contentType || !/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType.trim())) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  for (const field of REPLY_FIELDS) {
    const value = (parsed as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.trim() !== '') return { text: value };
  }
  return null;
}

/** ISO timestamp → Unix seconds, as Fleep and Dashly send them. */
export function toUnixSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** Attachment URLs may be stored relative to PUBLIC_URL; receivers need them absolute. */
export function absoluteUrl(publicUrl: string, url: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return `${publicUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** A copy of the attachment with an absolute `url`. */
export function withAbsoluteUrl(publicUrl: string, attachment: Attachment): Attachment {
  return { ...attachment, url: absoluteUrl(publicUrl, attachment.url) };
}
