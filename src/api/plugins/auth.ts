/**
 * Authentication, registered once: `request.principal` is resolved from `Authorization: Bearer`
 * (or `?auth_token=` where a route allows it); `requireAuth` is the onRequest hook protected route
 * plugins add. Invalid credentials are 401; invisible resources are 404 (decided in the domain).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { authenticateToken, type Principal } from '../../core/auth/principal.ts';
import type { CoreContext } from '../../core/context.ts';
import { SwitchboardError } from '../../core/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** accept `?auth_token=` as well as the Authorization header (the Dashly-style reply route) */
    allowQueryToken?: boolean;
  }
  interface FastifyInstance {
    resolvePrincipal: (request: FastifyRequest) => Promise<Principal | null>;
  }
}

export type SessionResolver = (request: FastifyRequest) => Promise<Principal | null>;

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? m[1] : null;
  }
  if (request.routeOptions.config.allowQueryToken) {
    const q = (request.query as Record<string, unknown> | undefined)?.auth_token;
    if (typeof q === 'string') return q;
  }
  return null;
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: CoreContext; sessions?: SessionResolver }) => {
    app.decorateRequest('principal', null);
    app.decorate('resolvePrincipal', async (request: FastifyRequest) => {
      const token = bearerToken(request);
      if (token) return authenticateToken(opts.ctx, token);
      return opts.sessions ? opts.sessions(request) : null;
    });
  },
  { name: 'auth' },
);

/** onRequest hook for protected routes. */
export async function requireAuth(this: FastifyInstance, request: FastifyRequest): Promise<void> {
  request.principal = await this.resolvePrincipal(request);
  if (!request.principal) throw new SwitchboardError('unauthorized', 'missing or invalid credentials: send Authorization: Bearer <API key>');
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new SwitchboardError('unauthorized', 'missing or invalid credentials');
  return request.principal;
}
