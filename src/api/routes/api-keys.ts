/** The caller's API keys: created (token shown once), listed by prefix, revoked. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../core/users/api-keys.ts';
import { principalOf } from '../plugins/auth.ts';
import { IdParams, errorResponses } from '../schemas.ts';

const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  conversation_ids: Type.Union([Type.Array(Type.String()), Type.Null()]),
  created_at: Type.String(),
});

export const apiKeyRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['api keys'];
  // Never with a scoped key: it could mint itself an unscoped one.
  const config = { permission: 'api-key.manage' } as const;

  app.post('/api-keys', {
    config,
    schema: {
      tags,
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), conversation_ids: Type.Optional(Type.Union([Type.Array(Type.String(), { maxItems: 1000 }), Type.Null()])) }, { additionalProperties: false }),
      response: { 201: Type.Intersect([ApiKeySchema, Type.Object({ token: Type.String() })]), ...errorResponses },
    },
  }, async (request, reply) => reply.code(201).send(await createApiKey(ctx, principalOf(request).user.id, request.body)));

  app.get('/api-keys', { config, schema: { tags, response: { 200: Type.Object({ api_keys: Type.Array(ApiKeySchema) }), ...errorResponses } } },
    async (request) => ({ api_keys: await listApiKeys(ctx, principalOf(request).user.id) }));

  app.delete('/api-keys/:id', { config, schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await revokeApiKey(ctx, principalOf(request).user.id, request.params.id);
    return reply.code(204).send(null);
  });
};
