/**
 * GET /conversations/:id/events: committed events as Server-Sent Events. `Last-Event-ID` (or
 * `?after=`) resumes after that sequence number; without it the stream starts at "now".
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { requireConversation } from '../../core/conversations/conversations.ts';
import type { RealtimeHub } from '../../realtime/hub.ts';
import { principalOf } from '../plugins/auth.ts';
import { IdParams, errorResponses } from '../schemas.ts';

const KEEPALIVE_MS = 15_000;

export const eventStreamRoutes: FastifyPluginAsync<{ ctx: CoreContext; hub: RealtimeHub; streams: Set<() => void> }> = async (base, { ctx, hub, streams }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/conversations/:id/events', {
    config: { permission: 'conversation.read' },
    // A HEAD would never be answered: Node sends no headers for a body-less stream until it ends.
    exposeHeadRoute: false,
    schema: {
      tags: ['realtime'],
      summary: 'Committed events as Server-Sent Events (resumable with Last-Event-ID)',
      params: IdParams,
      querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }),
      response: errorResponses,
    },
  }, async (request, reply) => {
    const conversationId = request.params.id;
    await requireConversation(ctx, principalOf(request), conversationId);
    const lastEventId = Number(request.headers['last-event-id']);
    let cursor = Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : request.query.after;
    if (cursor === undefined) {
      const row = await ctx.store.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow();
      cursor = row.last_seq;
    }

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 2000\n: connected at seq ${cursor}\n\n`);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    const unsubscribe = hub.subscribe(conversationId, {
      cursor,
      send: (event) => res.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
    });
    const close = () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(close);
      res.end();
    };
    streams.add(close);
    request.raw.on('close', close);
  });
};
