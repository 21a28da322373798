/** GET /inbox: the caller's conversations with their latest message and unread counts (the web UI's list). */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { listInbox, parseSeen } from '../../core/conversations/inbox.ts';
import { principalOf } from '../plugins/auth.ts';
import { ConversationSchema, MessageSchema, errorResponses } from '../schemas.ts';

const InboxEntrySchema = Type.Intersect([
  ConversationSchema,
  Type.Object({ last_message: Type.Union([MessageSchema, Type.Null()]), unread_count: Type.Integer() }),
]);

export const inboxRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/inbox', {
    config: { permission: 'conversation.list' },
    schema: {
      tags: ['conversations'],
      summary: 'Conversations with their latest message and unread count',
      description: '`seen` lists the last seq the reader saw per conversation, as `conv_a:12,conv_b:40`; a conversation not listed counts every message as unread. The reader\'s own messages are never unread.',
      querystring: Type.Object({ seen: Type.Optional(Type.String({ maxLength: 12_000 })) }),
      response: { 200: Type.Object({ conversations: Type.Array(InboxEntrySchema) }), ...errorResponses },
    },
  }, async (request) => ({ conversations: await listInbox(ctx, principalOf(request), parseSeen(request.query.seen)) }));
};
