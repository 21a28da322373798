import type { FastifyPluginAsync } from 'fastify';
import { principalOf, requireAuth } from '../plugins/auth.ts';
import { UserSchema, errorResponses } from '../schemas.ts';

export const meRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', requireAuth);
  app.get('/me', { schema: { tags: ['users'], summary: 'The caller', response: { 200: UserSchema, ...errorResponses } } }, async (request) => principalOf(request).user);
};
