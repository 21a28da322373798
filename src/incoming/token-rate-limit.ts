/** The per-URL rate limit shared by hook and bridge URLs: keyed by the secret token in the path. */
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { CoreContext } from '../core/context.ts';
import { SwitchboardError } from '../core/errors.ts';

export async function registerTokenRateLimit(app: FastifyInstance, ctx: CoreContext, perMinute: number, what: string): Promise<void> {
  await app.register(rateLimit, {
    // PostgreSQL: counted across the nodes (hook and bridge tokens never collide, so they share a namespace).
    ...(ctx.rateCounts ? { store: ctx.rateCounts.storeFor('token') } : {}),
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.params as { token?: string }).token ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new SwitchboardError('rate_limited', `more than ${context.max} requests per minute to this ${what}; retry in ${context.after}`, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });
}
