/** Bots: the Dashly-style reply route and auto-responder rules. */
import type { FastifyPluginAsync } from 'fastify';
import formbody from '@fastify/formbody';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { replyAsBot } from '../../bots/replies.ts';
import { createRule, deleteRule, listRules, updateRule } from '../../bots/rules/rules-store.ts';
import { principalOf } from '../plugins/auth.ts';
import { IdParams, MessageSchema, errorResponses } from '../schemas.ts';

const RuleBody = Type.Object(
  { position: Type.Optional(Type.Integer({ minimum: 0, description: "where to put the rule (0-based index in the conversation's list); absent: last" })) },
  { additionalProperties: true, description: '{name?, trigger: {keywords?, phrase?, pattern?, case_sensitive?, sender_types?, direction?}, reply, enabled?, cooldown_seconds?, continue?, position?}' },
);
const RulePatch = Type.Object(
  { position: Type.Optional(Type.Integer({ minimum: 0, description: "the rule's new 0-based index in its conversation's list; the rules between shift by one" })) },
  { additionalProperties: true, description: 'any of {name, trigger, reply, enabled, cooldown_seconds, continue, position}; a given trigger replaces the whole trigger' },
);
const RuleSchema = Type.Object({ position: Type.Integer({ description: "0-based index in the conversation's list: rules are tried in this order" }) }, { additionalProperties: true });

export const botRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  // Dashly's bots post `body=` form-encoded; JSON works too.
  await app.register(formbody);

  app.post('/conversations/:id/reply', {
    config: { permission: 'conversation.post', allowQueryToken: true },
    schema: {
      tags: ['bots'],
      summary: 'Reply as a bot (JSON or form `body`; Bearer or ?auth_token=)',
      params: IdParams,
      querystring: Type.Object({ auth_token: Type.Optional(Type.String()) }),
      body: Type.Object({ body: Type.Optional(Type.Unknown()), sender_name: Type.Optional(Type.Unknown()) }, { additionalProperties: true }),
      response: { 201: MessageSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.code(201).send(await replyAsBot(ctx, principalOf(request), request.params.id, request.body ?? {})));

  const tags = ['auto-responder rules'];
  const config = { permission: 'integration.manage' } as const;
  app.post('/conversations/:id/rules', { config, schema: { tags, summary: 'Add a rule: last, or at `position` (0-based; out of range: 422 invalid_field)', params: IdParams, body: RuleBody, response: { 201: RuleSchema, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createRule(ctx, principalOf(request), request.params.id, request.body as Record<string, unknown>)));
  app.get('/conversations/:id/rules', { config, schema: { tags, summary: "A conversation's rules in the order they are tried (by position)", params: IdParams, response: { 200: Type.Object({ rules: Type.Array(RuleSchema) }), ...errorResponses } } },
    async (request) => ({ rules: await listRules(ctx, principalOf(request), request.params.id) }));
  app.patch('/rules/:id', {
    config,
    schema: {
      tags,
      summary: 'Change a rule, or move it with `position` (0-based index in the list; out of range: 422 invalid_field)',
      params: IdParams,
      body: RulePatch,
      response: { 200: RuleSchema, ...errorResponses },
    },
  }, async (request) => updateRule(ctx, principalOf(request), request.params.id, request.body as Record<string, unknown>));
  app.delete('/rules/:id', { config, schema: { tags, summary: 'Delete a rule; the ones after it move up a place', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteRule(ctx, principalOf(request), request.params.id);
    return reply.code(204).send(null);
  });
};
