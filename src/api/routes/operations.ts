/**
 * Liveness, readiness and metrics; public (bind them to a private interface in production). The
 * metrics hold counts and route patterns only, never ids, tokens or content, so probes and scrapers
 * need no key.
 */
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.ts';
import type { Metrics } from '../../ops/metrics.ts';
import type {} from '@fastify/swagger';

export const operationRoutes: FastifyPluginAsync<{ ctx: CoreContext; metrics: Metrics; isReady: () => boolean }> = async (app, { ctx, metrics, isReady }) => {
  const hide = { hide: true };
  const config = { permission: 'public' } as const;
  app.get('/healthz', { config, schema: hide }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config, schema: hide }, async (_request, reply) => {
    if (!isReady()) return reply.code(503).send({ error: { code: 'unavailable', message: 'starting or stopping' } });
    await sql`select 1`.execute(ctx.store.db);
    return { status: 'ready', engine: ctx.store.engine.name };
  });
  app.get('/metrics', { config, schema: hide }, async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
};
