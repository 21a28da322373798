/**
 * Browser sign-in: `POST /session` trades email and password for the `sb_session` cookie and a CSRF
 * token; `/setup` creates the first admin while the database has no users. API clients use keys.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { checkCredentials, createSession, deleteSession } from '../../core/auth/sessions.ts';
import type { CoreContext } from '../../core/context.ts';
import { SwitchboardError } from '../../core/errors.ts';
import { createFirstAdmin, needsSetup } from '../../core/users/first-admin.ts';
import type { User } from '../../core/users/users.ts';
import { clearSessionCookie, resolveSession, sessionIdOf, setSessionCookie } from '../session-cookie.ts';
import { UserSchema, errorResponses } from '../schemas.ts';

const SessionSchema = Type.Object({ user: UserSchema, csrf_token: Type.String() });
const Email = Type.String({ minLength: 1, maxLength: 320 });
const Password = Type.String({ minLength: 1, maxLength: 1000 });
const responses = { ...errorResponses, 403: errorResponses[401] };

export const sessionRoutes: FastifyPluginAsync<{ ctx: CoreContext }> = async (base, { ctx }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['sessions'];
  // Password guessing is slowed per client address; only the routes that check a password count.
  await app.register(rateLimit, {
    global: false,
    // PostgreSQL: counted across the nodes, so more nodes do not mean more guesses.
    ...(ctx.rateCounts ? { store: ctx.rateCounts.storeFor('sign-in') } : {}),
    errorResponseBuilder: (_request, context) =>
      new SwitchboardError('rate_limited', `too many sign-in attempts; retry in ${context.after}`, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });
  // Public: these routes read the browser's own cookie (or check a password) themselves.
  const config = { permission: 'public' } as const;
  const passwordLimit = { ...config, rateLimit: { max: ctx.config.signInRatePerMinute, timeWindow: 60_000 } };

  const signIn = async (reply: FastifyReply, user: User) => {
    const session = await createSession(ctx, user);
    setSessionCookie(reply, ctx, session.id, session.expires_at);
    return { user: session.user, csrf_token: session.csrf_token };
  };

  app.post('/session', {
    config: passwordLimit,
    schema: { tags, summary: 'Sign in (browser): sets the sb_session cookie', body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }), response: { 200: SessionSchema, ...responses } },
  }, async (request, reply) => {
    const user = await checkCredentials(ctx, request.body.email, request.body.password);
    if (!user) throw new SwitchboardError('unauthorized', 'wrong email or password');
    return signIn(reply, user);
  });

  app.get('/session', { config, schema: { tags, summary: 'The signed-in user and the CSRF token', response: { 200: SessionSchema, ...responses } } }, async (request) => {
    const session = await resolveSession(ctx, request);
    if (!session) throw new SwitchboardError('unauthorized', 'not signed in');
    return { user: session.user, csrf_token: session.csrf_token };
  });

  app.delete('/session', { config, schema: { tags, summary: 'Sign out', response: { 204: Type.Null(), ...responses } } }, async (request, reply) => {
    // Signing out is CSRF-checked like any other unsafe request made with the cookie.
    if (await resolveSession(ctx, request)) await deleteSession(ctx, sessionIdOf(request));
    clearSessionCookie(reply, ctx);
    return reply.code(204).send(null);
  });

  app.get('/setup', {
    config,
    schema: { tags, summary: 'Whether the first admin still has to be created; whether this browser is signed in', response: { 200: Type.Object({ needs_setup: Type.Boolean(), signed_in: Type.Boolean() }), ...responses } },
  }, async (request) => ({ needs_setup: await needsSetup(ctx), signed_in: (await resolveSession(ctx, request)) !== null }));

  app.post('/setup', {
    config: passwordLimit,
    schema: {
      tags,
      summary: 'Create the first admin (only while there are no users) and sign in',
      body: Type.Object({ email: Email, name: Type.String({ minLength: 1, maxLength: 100 }), password: Password }, { additionalProperties: false }),
      response: { 201: SessionSchema, ...responses },
    },
  }, async (request, reply) => {
    const user = await createFirstAdmin(ctx, request.body);
    return reply.code(201).send(await signIn(reply, user));
  });
};
