/**
 * Standard Webhooks payload (https://www.standardwebhooks.com/): JSON `{type, timestamp, data}`.
 * `data` is the event's own data plus the objects a receiver needs without calling back:
 * `event_id`, `seq`, `conversation`, `message` (null for non-message events, attachment URLs
 * absolute) and `case`. Signature headers are added by the worker.
 */
import { jsonPostFormat, withAbsoluteUrl } from './shared.ts';
import type { DeliveryContext, OutgoingFormat } from './types.ts';

export const standard: OutgoingFormat = jsonPostFormat('standard', buildStandardPayload);

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
