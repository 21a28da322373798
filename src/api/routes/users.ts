/** Admins create and list users. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { SwitchboardError } from '../../core/errors.ts';
import { createUser, listUsers } from '../../core/users/users.ts';
import { principalOf, requireAuth } from '../plugins/auth.ts';
import { UserSchema, errorResponses } from '../schemas.ts';

export const userRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireAuth);
  app.addHook('preHandler', async (request) => {
    if (principalOf(request).user.role !== 'admin') throw new SwitchboardError('forbidden', 'only admins manage users');
  });
  const tags = ['users'];

  app.post('/users', {
    schema: {
      tags,
      body: Type.Object({
        email: Type.String({ maxLength: 320 }),
        name: Type.String({ minLength: 1, maxLength: 100 }),
        password: Type.Optional(Type.String({ maxLength: 1000 })),
        role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('member')])),
      }, { additionalProperties: false }),
      response: { 201: UserSchema, ...errorResponses },
    },
  }, async (request, reply) => reply.code(201).send(await createUser(ctx, request.body)));

  app.get('/users', { schema: { tags, response: { 200: Type.Object({ users: Type.Array(UserSchema) }), ...errorResponses } } }, async () => ({ users: await listUsers(ctx) }));
};
