/**
 * Standard Webhooks payload (https://www.standardwebhooks.com/): JSON `{type, timestamp, data}`.
 * `data` is the event's own data plus the objects a receiver needs without calling back:
 * `event_id`, `seq`, `conversation`, `message` (null for non-message events, attachment URLs
 * absolute) and `case`. Signature headers are added by the worker.
 */
import { readJsonReply, withAbsoluteUrl } from './shared.ts';
import { USER_AGENT, type DeliveryContext, type OutgoingFormat } from './types.ts';

export const standard: OutgoingFormat = {
  name: 'standard',
  buildRequest(ctx) {
    return {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
      body: JSON.stringify(buildStandardPayload(ctx)),
    };
  },
  readReply: readJsonReply,
};

function buildStandardPayload(ctx: DeliveryContext) {
  const { event, message } = ctx;
  return {
    type: event.type,
    timestamp: new Date(event.created_at).toISOString(),
    data: {
      ...event.data,
      event_id: event.id,
      seq: event.seq,
      conversation: ctx.conversation,
      message: message && { ...message, attachments: message.attachments.map((a) => withAbsoluteUrl(ctx.public_url, a)) },
      case: ctx.case,
    },
  };
}
