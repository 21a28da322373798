/** Conversations and their members. Thin: each handler calls one domain function. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { createConversation, listConversations, requireConversation, updateConversation, MAX_TITLE_LENGTH } from '../../core/conversations/conversations.ts';
import { addMember, listMembers, removeMember } from '../../core/conversations/members.ts';
import { MAX_TAG_LENGTH, MAX_TAGS } from '../../core/support/support-patch.ts';
import { principalOf } from '../plugins/auth.ts';
import { ConversationSchema, IdParams, UserSchema, errorResponses } from '../schemas.ts';

const Kind = Type.Union([Type.Literal('team'), Type.Literal('support')]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('closed')]);
const Assignee = Type.String({ minLength: 1, maxLength: 100, description: '`me`, `unassigned` or a user id' });
const SupportPatch = {
  assignee_id: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: MAX_TAG_LENGTH }), { maxItems: MAX_TAGS })),
};

export const conversationRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['conversations'];

  app.post('/conversations', {
    config: { permission: 'conversation.create' },
    schema: { tags, body: Type.Object({ title: Type.String({ minLength: 1, maxLength: MAX_TITLE_LENGTH }), kind: Type.Optional(Kind) }, { additionalProperties: false }), response: { 201: ConversationSchema, ...errorResponses } },
  }, async (request, reply) => reply.code(201).send(await createConversation(ctx, principalOf(request), request.body)));

  app.get('/conversations', {
    config: { permission: 'conversation.list' },
    schema: { tags, querystring: Type.Object({ kind: Type.Optional(Kind), status: Type.Optional(Status), assignee: Type.Optional(Assignee) }), response: { 200: Type.Object({ conversations: Type.Array(ConversationSchema) }), ...errorResponses } },
  }, async (request) => ({ conversations: await listConversations(ctx, principalOf(request), request.query) }));

  app.get('/conversations/:id', { config: { permission: 'conversation.read' }, schema: { tags, params: IdParams, response: { 200: ConversationSchema, ...errorResponses } } },
    async (request) => requireConversation(ctx, principalOf(request), request.params.id));

  // Assigning makes the assignee a member, so this is management, like the member routes.
  app.patch('/conversations/:id', {
    config: { permission: 'conversation.manage' },
    schema: { tags, params: IdParams, body: Type.Object({ title: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TITLE_LENGTH })), status: Type.Optional(Status), ...SupportPatch }, { additionalProperties: false }), response: { 200: ConversationSchema, ...errorResponses } },
  }, async (request) => updateConversation(ctx, principalOf(request), request.params.id, request.body));

  app.get('/conversations/:id/members', { config: { permission: 'conversation.read' }, schema: { tags, params: IdParams, response: { 200: Type.Object({ members: Type.Array(UserSchema) }), ...errorResponses } } },
    async (request) => ({ members: await listMembers(ctx, principalOf(request), request.params.id) }));

  app.post('/conversations/:id/members', {
    config: { permission: 'conversation.manage' },
    schema: { tags, params: IdParams, body: Type.Union([Type.Object({ user_id: Type.String() }, { additionalProperties: false }), Type.Object({ email: Type.String() }, { additionalProperties: false })]), response: { 201: UserSchema, ...errorResponses } },
  }, async (request, reply) => reply.code(201).send(await addMember(ctx, principalOf(request), request.params.id, request.body)));

  app.delete('/conversations/:id/members/:userId', {
    config: { permission: 'conversation.manage' },
    schema: { tags, params: Type.Object({ id: Type.String(), userId: Type.String() }), response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await removeMember(ctx, principalOf(request), request.params.id, request.params.userId);
    return reply.code(204).send(null);
  });
};
