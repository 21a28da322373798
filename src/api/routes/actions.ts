/**
 * Actions (event-triggered REST calls) on a conversation or on all of a bridge's conversations,
 * their delivery logs, and the log of a bridge's reply calls. Bodies are checked by
 * src/bots/actions/action-input.ts so a 422 names the field (`request.body`, `conditions[0].path`).
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { listActionDeliveries, listReplyDeliveries } from '../../bots/actions/action-deliveries.ts';
import { createAction, deleteAction, getAction, listActions, updateAction, type ActionScope } from '../../bots/actions/actions.ts';
import { principalOf } from '../plugins/auth.ts';
import { IdParams, errorResponses } from '../schemas.ts';
import { DeliveryQuery, DeliverySchema } from './webhook-schemas.ts';

const AnyObject = Type.Object({}, { additionalProperties: true });
const ActionSchema = Type.Object({
  id: Type.String(),
  conversation_id: Type.Union([Type.String(), Type.Null()]),
  bridge_id: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  event: Type.String(),
  conditions: Type.Array(Type.Object({ path: Type.String(), op: Type.String(), value: Type.Optional(Type.String()) })),
  request: Type.Unknown({ description: 'method, url, headers, body (and file_url, file_body): {{…}} templates' }),
  status: Type.String(),
  deliveries: Type.String({ description: 'the path of its delivery log' }),
  created_at: Type.String(),
  updated_at: Type.String(),
});
const ActionDeliverySchema = Type.Intersect([DeliverySchema, Type.Object({ conversation_id: Type.String(), part: Type.Union([Type.Integer(), Type.Null()]) })]);
const Deliveries = { 200: Type.Object({ deliveries: Type.Array(ActionDeliverySchema) }), ...errorResponses };

export const actionRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['actions'];
  const config = { permission: 'integration.manage' } as const;
  const one = { 200: ActionSchema, ...errorResponses };
  // A bridge's actions are part of managing the bridge.
  const scopes: [string, (id: string) => ActionScope, { permission: 'integration.manage' | 'bridge.manage' }][] = [
    ['/conversations/:id/actions', (id) => ({ conversation_id: id }), config],
    ['/bridges/:id/actions', (id) => ({ bridge_id: id }), { permission: 'bridge.manage' }],
  ];

  for (const [path, scopeOf, scopeConfig] of scopes) {
    app.post(path, {
      config: scopeConfig,
      schema: { tags, summary: 'Add an event-triggered REST call', params: IdParams, body: AnyObject, response: { 201: ActionSchema, ...errorResponses } },
    }, async (request, reply) => reply.code(201).send(await createAction(ctx, principalOf(request), scopeOf(request.params.id), request.body)));
    app.get(path, { config: scopeConfig, schema: { tags, params: IdParams, response: { 200: Type.Object({ actions: Type.Array(ActionSchema) }), ...errorResponses } } },
      async (request) => ({ actions: await listActions(ctx, principalOf(request), scopeOf(request.params.id)) }));
  }

  app.get('/actions/:id', { config, schema: { tags, params: IdParams, response: one } }, async (request) => getAction(ctx, principalOf(request), request.params.id));

  app.patch('/actions/:id', { config, schema: { tags, summary: 'Change, pause or resume an action', params: IdParams, body: AnyObject, response: one } },
    async (request) => updateAction(ctx, principalOf(request), request.params.id, request.body));

  app.delete('/actions/:id', { config, schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteAction(ctx, principalOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/actions/:id/deliveries', { config, schema: { tags, summary: 'The action’s calls, newest first; retry one with POST /deliveries/{id}/retry', params: IdParams, querystring: DeliveryQuery, response: Deliveries } },
    async (request) => ({ deliveries: await listActionDeliveries(ctx, principalOf(request), request.params.id, request.query) }));

  app.get('/bridges/:id/reply/deliveries', { config: { permission: 'bridge.manage' }, schema: { tags: ['bridges'], summary: 'The bridge’s reply calls, newest first', params: IdParams, querystring: DeliveryQuery, response: Deliveries } },
    async (request) => ({ deliveries: await listReplyDeliveries(ctx, principalOf(request), request.params.id, request.query) }));
};
