/** Managing incoming hooks: members create, list, rename, rotate and delete them. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { createHook, deleteHook, listHooks, MAX_HOOK_NAME, rotateHook, updateHook } from '../../core/hooks/hooks.ts';
import { principalOf } from '../plugins/auth.ts';
import { IdParams, errorResponses } from '../schemas.ts';

const HookSchema = Type.Object({
  id: Type.String(),
  conversation_id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  avatar_url: Type.Union([Type.String(), Type.Null()]),
  webhook_id: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});
const AvatarUrl = Type.Union([Type.String({ pattern: '^https?://', maxLength: 2000 }), Type.Null()]);

export const hookRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['incoming hooks'];
  // Hook URLs are credentials that outlive the key that made them: no scoped keys here.
  const config = { permission: 'integration.manage' } as const;

  app.post('/conversations/:id/hooks', {
    config,
    schema: { tags, summary: 'Create a hook: its url takes posts', params: IdParams, body: Type.Object({ name: Type.String({ minLength: 1, maxLength: MAX_HOOK_NAME }), avatar_url: Type.Optional(AvatarUrl) }, { additionalProperties: false }), response: { 201: HookSchema, ...errorResponses } },
  }, async (request, reply) => reply.code(201).send(await createHook(ctx, principalOf(request), request.params.id, request.body)));

  app.get('/conversations/:id/hooks', { config, schema: { tags, params: IdParams, response: { 200: Type.Object({ hooks: Type.Array(HookSchema) }), ...errorResponses } } },
    async (request) => ({ hooks: await listHooks(ctx, principalOf(request), request.params.id) }));

  app.patch('/hooks/:id', {
    config,
    schema: { tags, params: IdParams, body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_HOOK_NAME })), avatar_url: Type.Optional(AvatarUrl) }, { additionalProperties: false }), response: { 200: HookSchema, ...errorResponses } },
  }, async (request) => updateHook(ctx, principalOf(request), request.params.id, request.body));

  app.post('/hooks/:id/rotate', { config, schema: { tags, summary: 'A new URL; the old one stops working at once', params: IdParams, response: { 200: HookSchema, ...errorResponses } } },
    async (request) => rotateHook(ctx, principalOf(request), request.params.id));

  app.delete('/hooks/:id', { config, schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteHook(ctx, principalOf(request), request.params.id);
    return reply.code(204).send(null);
  });
};
