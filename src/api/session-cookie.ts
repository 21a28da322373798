/**
 * The browser side of sessions: the `sb_session` cookie (HttpOnly, SameSite=Strict, Secure behind
 * https) and the resolver the auth plugin calls when a request has no bearer token. Requests that
 * authenticate by cookie with an unsafe method must echo the session's CSRF token in `x-csrf-token`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { findSession, type Session } from '../core/auth/sessions.ts';
import type { CoreContext } from '../core/context.ts';
import { SwitchboardError } from '../core/errors.ts';
import type { SessionResolver } from './plugins/auth.ts';

export const SESSION_COOKIE = 'sb_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session id from the request's cookie ('' without one); @fastify/cookie is registered in buildApp. */
export function sessionIdOf(request: FastifyRequest): string {
  return request.cookies?.[SESSION_COOKIE] ?? '';
}

const cookieOptions = (ctx: CoreContext) => ({
  httpOnly: true,
  sameSite: 'strict' as const,
  secure: ctx.config.publicUrl.startsWith('https:'),
  path: '/',
});

export function setSessionCookie(reply: FastifyReply, ctx: CoreContext, id: string, expiresAt: number): void {
  reply.setCookie(SESSION_COOKIE, id, { ...cookieOptions(ctx), expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply, ctx: CoreContext): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The request's live session, or null; throws `forbidden` for an unsafe method without the CSRF token. */
export async function resolveSession(ctx: CoreContext, request: FastifyRequest): Promise<Session | null> {
  const session = await findSession(ctx, sessionIdOf(request));
  if (!session) return null;
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameToken(sent, session.csrf_token)) {
      throw new SwitchboardError('forbidden', `cookie-authenticated ${request.method} requests must carry the session's ${CSRF_HEADER} header`);
    }
  }
  return session;
}

/** The auth plugin's cookie fallback: a session's user has the full rights of that user. */
export function createSessionResolver(ctx: CoreContext): SessionResolver {
  return async (request) => {
    const session = await resolveSession(ctx, request);
    return session ? { user: session.user, api_key: null, scope: null } : null;
  };
}
