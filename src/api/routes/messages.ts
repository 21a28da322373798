/** Posting and reading messages through the API. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { requireConversation } from '../../core/conversations/conversations.ts';
import { SwitchboardError } from '../../core/errors.ts';
import { listMessages, MAX_PAGE } from '../../core/messages/list-messages.ts';
import { postMessage } from '../../core/messages/post-message.ts';
import { principalOf, requireAuth } from '../plugins/auth.ts';
import { IdParams, MessageSchema, errorResponses } from '../schemas.ts';

export const MAX_BODY_CHARS = 40_000;

export const messageRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireAuth);
  const tags = ['messages'];

  app.get('/conversations/:id/messages', {
    schema: {
      tags,
      summary: 'Messages, oldest first: the latest page, or the page before/after a seq',
      params: IdParams,
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
        before: Type.Optional(Type.Integer({ minimum: 0 })),
        after: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
      response: { 200: Type.Object({ messages: Type.Array(MessageSchema) }), ...errorResponses },
    },
  }, async (request) => {
    await requireConversation(ctx, principalOf(request), request.params.id);
    return { messages: await listMessages(ctx, request.params.id, request.query) };
  });

  app.post('/conversations/:id/messages', {
    schema: {
      tags,
      summary: 'Post a message as the caller',
      params: IdParams,
      body: Type.Object({ body: Type.String({ maxLength: MAX_BODY_CHARS }) }, { additionalProperties: false }),
      response: { 201: MessageSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const conversation = await requireConversation(ctx, principal, request.params.id);
    const body = request.body.body;
    if (!body.trim()) throw new SwitchboardError('empty_message', 'body: must not be empty');
    const result = await postMessage(ctx, {
      conversation_id: request.params.id,
      body,
      sender: { type: 'user', id: principal.user.id, name: principal.user.name, avatar_url: null },
      // In a support conversation, people on our side write to the contact.
      direction: conversation.kind === 'support' ? 'out' : null,
    });
    if (result.status !== 'created') throw new SwitchboardError('conflict', 'message was not stored');
    return reply.code(201).send(result.message);
  });
};
