/**
 * `rest`: a templated REST call (an action, a bridge's reply) instead of a fixed payload. The call
 * and its values are loaded beside the delivery (rest-context.ts); this renders them with the
 * mapping's reply renderer, so JSON bodies get JSON-encoded values. Its responses
 * carry no bot reply: a third party's answer is logged, never posted into the conversation.
 */
import { renderReplyCall } from '../../mapping/render-reply-call.ts';
import { USER_AGENT, type OutgoingFormat } from './types.ts';

export const rest: OutgoingFormat = {
  name: 'rest',
  buildRequest(ctx) {
    if (!ctx.rest) throw new Error('no REST call is configured for this delivery (its action is gone, or it is a test sample)');
    const rendered = renderReplyCall(ctx.rest.call, ctx.rest.vars);
    const headers: Record<string, string> = { 'user-agent': USER_AGENT };
    for (const [name, value] of Object.entries(rendered.headers)) headers[name.toLowerCase()] = value;
    return { method: rendered.method, url: rendered.url, headers, body: rendered.body ?? '' };
  },
  readReply: () => null,
};
