/** Bridges: declarative incoming webhooks for third parties, managed by their owner (and admins). */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { MAX_ATTRIBUTE_VALUE, MAX_ATTRIBUTES, MAX_BRIDGE_NAME, MAX_OPERATORS, MAX_SCOPE } from '../../core/bridges/bridge-input.ts';
import { createBridge, deleteBridge, getBridge, listBridges, updateBridge } from '../../core/bridges/bridges.ts';
import { listIgnored } from '../../core/bridges/ignored-log.ts';
import { importBridge } from '../../core/bridges/import-bridge.ts';
import { previewPayload } from '../../core/bridges/preview.ts';
import { principalOf } from '../plugins/auth.ts';
import { IdParams, errorResponses } from '../schemas.ts';

const AnyObject = Type.Object({}, { additionalProperties: true });
const BridgeSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: Type.String(),
  url: Type.String(),
  attributes: Type.Record(Type.String(), Type.String()),
  mapping: Type.Unknown({ description: 'see mapping/README.md' }),
  reply: Type.Unknown({ description: 'a reply call, or null' }),
  operator_ids: Type.Array(Type.String()),
  owner_id: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
const Fields = {
  name: Type.String({ minLength: 1, maxLength: MAX_BRIDGE_NAME }),
  scope: Type.Optional(Type.String({ maxLength: MAX_SCOPE })),
  attributes: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: MAX_ATTRIBUTE_VALUE }), { maxProperties: MAX_ATTRIBUTES })),
  mapping: AnyObject,
  reply: Type.Optional(Type.Union([AnyObject, Type.Null()])),
  operator_ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: MAX_OPERATORS })),
};
const IgnoredSchema = Type.Object({ id: Type.String(), reason: Type.String(), payload: Type.String(), truncated: Type.Boolean(), created_at: Type.String() });

export const bridgeRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['bridges'];
  const config = { permission: 'bridge.manage' } as const;

  app.post('/bridges', {
    config,
    schema: { tags, summary: 'Create a bridge: its url takes the third party\'s posts', body: Type.Object(Fields, { additionalProperties: false }), response: { 201: BridgeSchema, ...errorResponses } },
  }, async (request, reply) => reply.code(201).send(await createBridge(ctx, principalOf(request), request.body)));

  app.post('/bridges/import', {
    config,
    schema: {
      tags,
      summary: 'Create a bridge from Live Helper Chat exports',
      body: Type.Object({ incoming: AnyObject, rest_api: Type.Optional(Type.Union([AnyObject, Type.Null()])), operator_ids: Fields.operator_ids }, { additionalProperties: false }),
      response: { 201: Type.Intersect([BridgeSchema, Type.Object({ warnings: Type.Array(Type.String()) })]), ...errorResponses },
    },
  }, async (request, reply) => reply.code(201).send(await importBridge(ctx, principalOf(request), request.body)));

  app.get('/bridges', { config, schema: { tags, response: { 200: Type.Object({ bridges: Type.Array(BridgeSchema) }), ...errorResponses } } },
    async (request) => ({ bridges: await listBridges(ctx, principalOf(request)) }));

  app.get('/bridges/:id', { config, schema: { tags, params: IdParams, response: { 200: BridgeSchema, ...errorResponses } } },
    async (request) => getBridge(ctx, principalOf(request), request.params.id));

  app.patch('/bridges/:id', {
    config,
    schema: { tags, params: IdParams, body: Type.Partial(Type.Object(Fields), { additionalProperties: false }), response: { 200: BridgeSchema, ...errorResponses } },
  }, async (request) => updateBridge(ctx, principalOf(request), request.params.id, request.body));

  app.delete('/bridges/:id', { config, schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteBridge(ctx, principalOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/bridges/:id/preview', {
    config,
    schema: { tags, summary: 'What a sample payload would produce; stores nothing', params: IdParams, body: Type.Object({ payload: Type.Unknown() }, { additionalProperties: false }), response: { 200: Type.Unknown(), ...errorResponses } },
  }, async (request) => previewPayload(ctx, principalOf(request), request.params.id, request.body.payload));

  app.get('/bridges/:id/ignored', { config, schema: { tags, summary: 'Payloads the bridge ignored, newest first', params: IdParams, response: { 200: Type.Object({ ignored: Type.Array(IgnoredSchema) }), ...errorResponses } } },
    async (request) => ({ ignored: await listIgnored(ctx, principalOf(request), request.params.id) }));
};
