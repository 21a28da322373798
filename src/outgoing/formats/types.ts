/** The contract between the delivery worker and the outgoing wire formats (fleep, dashly, standard). */
import type { Conversation, DomainEvent, Message } from '../../core/types.ts';
import type { ReplyCall, ReplyVars } from '../../mapping/reply-call.ts';
import type { HttpMethod } from '../http-client.ts';

/**
 * Everything a format may put on the wire for one delivery, loaded by the worker beforehand so
 * formats stay pure (no store, no clock, no randomness: every retry builds the same body).
 * @example formatByName('fleep').buildRequest({ delivery_id: 'dlv_1', event, conversation, message, ... })
 */
export interface DeliveryContext {
  /** also the webhook-id header value, the same on every retry */
  delivery_id: string;
  event: DomainEvent;
  conversation: Conversation & { last_seq: number };
  /** the message of a message.created event, else null */
  message: Message | null;
  /** seq of the message before it in the same conversation, null for the first */
  prev_message_seq: number | null;
  case: { id: string; external_id: string; title: string; status: string } | null;
  /** the hook that posted the message, if any */
  hook: { id: string; name: string; key: string } | null;
  /** the user who posted the message, if any */
  author: { id: string; name: string; email: string | null } | null;
  webhook: { id: string; secret: string; reply_url: string };
  /** PUBLIC_URL, the base of file links */
  public_url: string;
  /** the `rest` format's call and its values (actions, bridge replies: rest-context.ts) */
  rest?: { call: ReplyCall; vars: ReplyVars } | null;
}

/** What to send. Header names are lower-case; the worker adds the signature headers for every format. */
export interface HttpRequestSpec {
  method: HttpMethod;
  /** the `rest` format renders its own URL; the others go to the webhook's */
  url?: string;
  headers: Record<string, string>;
  body: string;
}

/** A bot's answer carried in the delivery's own response; the worker posts it into the conversation. */
export interface Reply {
  text: string;
}

/** One outgoing wire format. Registered by `name` in registry.ts; the name is stored on the webhook row. */
export interface OutgoingFormat {
  name: string;
  buildRequest(ctx: DeliveryContext): HttpRequestSpec;
  readReply(status: number, contentType: string | null, body: string): Reply | null;
}

/** Sent by every format, like Dashly's `Dashly Webhook 1.0`. */
export const USER_AGENT = 'Switchboard Webhook 1.0';
