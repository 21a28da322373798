import type { FastifyPluginAsync } from 'fastify';
import { principalOf } from '../plugins/auth.ts';
import { UserSchema, errorResponses } from '../schemas.ts';

export const meRoutes: FastifyPluginAsync = async (app) => {
  app.get('/me', { config: { permission: 'account.read' }, schema: { tags: ['users'], summary: 'The caller', response: { 200: UserSchema, ...errorResponses } } }, async (request) => principalOf(request).user);
};
