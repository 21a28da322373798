/** Admins create and list users. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { createUser, listUsers } from '../../core/users/users.ts';
import { UserSchema, errorResponses } from '../schemas.ts';

export const userRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['users'];
  // Admins only, with an unscoped key or a session: an admin's scoped key cannot make users either.
  const config = { permission: 'user.manage' } as const;

  app.post('/users', {
    config,
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

  app.get('/users', { config, schema: { tags, response: { 200: Type.Object({ users: Type.Array(UserSchema) }), ...errorResponses } } }, async () => ({ users: await listUsers(ctx) }));
};
