/** Outgoing webhooks and their delivery log: members subscribe, inspect, retry and replay. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { getDelivery, listDeliveries } from '../../outgoing/delivery-log.ts';
import { replayWebhook, retryDelivery, sendTestDelivery } from '../../outgoing/replay.ts';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, rotateWebhookSecret, updateWebhook } from '../../outgoing/subscriptions.ts';
import { principalOf } from '../plugins/auth.ts';
import { IdParams, errorResponses } from '../schemas.ts';
import { DeliveryQuery, DeliverySchema, NewWebhookBody, ReplayBody, WebhookPatchBody, WebhookSchema } from './webhook-schemas.ts';

export const webhookRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['outgoing webhooks'];
  const config = { permission: 'integration.manage' } as const;
  const one = { 200: WebhookSchema, ...errorResponses };

  app.post('/conversations/:id/webhooks', {
    config,
    schema: { tags, summary: 'Subscribe a URL to the conversation’s events', params: IdParams, body: NewWebhookBody, response: { 201: WebhookSchema, ...errorResponses } },
  }, async (request, reply) => reply.code(201).send(await createWebhook(ctx, principalOf(request), request.params.id, request.body)));

  app.get('/conversations/:id/webhooks', { config, schema: { tags, params: IdParams, response: { 200: Type.Object({ webhooks: Type.Array(WebhookSchema) }), ...errorResponses } } },
    async (request) => ({ webhooks: await listWebhooks(ctx, principalOf(request), request.params.id) }));

  app.get('/webhooks/:id', { config, schema: { tags, params: IdParams, response: one } },
    async (request) => getWebhook(ctx, principalOf(request), request.params.id));

  app.patch('/webhooks/:id', { config, schema: { tags, summary: 'Change the URL, events or filters; pause or resume', params: IdParams, body: WebhookPatchBody, response: one } },
    async (request) => updateWebhook(ctx, principalOf(request), request.params.id, request.body));

  app.delete('/webhooks/:id', { config, schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteWebhook(ctx, principalOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/webhooks/:id/rotate-secret', { config, schema: { tags, summary: 'A new secret; the old one keeps signing during the overlap', params: IdParams, response: one } },
    async (request) => rotateWebhookSecret(ctx, principalOf(request), request.params.id));

  app.post('/webhooks/:id/test', { config, schema: { tags, summary: 'Deliver a sample event now', params: IdParams, response: { 202: Type.Object({ delivery_id: Type.String() }), ...errorResponses } } },
    async (request, reply) => reply.code(202).send({ delivery_id: await sendTestDelivery(ctx, principalOf(request), request.params.id) }));

  app.get('/webhooks/:id/deliveries', { config, schema: { tags, summary: 'The delivery log, newest first', params: IdParams, querystring: DeliveryQuery, response: { 200: Type.Object({ deliveries: Type.Array(DeliverySchema) }), ...errorResponses } } },
    async (request) => ({ deliveries: await listDeliveries(ctx, principalOf(request), request.params.id, request.query) }));

  app.post('/webhooks/:id/replay', { config, schema: { tags, summary: 'Send every failed or dead delivery since a time again', params: IdParams, body: ReplayBody, response: { 202: Type.Object({ count: Type.Number() }), ...errorResponses } } },
    async (request, reply) => reply.code(202).send({ count: await replayWebhook(ctx, principalOf(request), request.params.id, request.body.since) }));

  app.get('/deliveries/:id', { config, schema: { tags, params: IdParams, response: { 200: DeliverySchema, ...errorResponses } } },
    async (request) => getDelivery(ctx, principalOf(request), request.params.id));

  app.post('/deliveries/:id/retry', { config, schema: { tags, summary: 'Send this delivery again now (outside the schedule)', params: IdParams, response: { 202: DeliverySchema, ...errorResponses } } },
    async (request, reply) => reply.code(202).send(await retryDelivery(ctx, principalOf(request), request.params.id)));
};
