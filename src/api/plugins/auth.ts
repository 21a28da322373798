/**
 * Authentication and authorization, registered once. Every route declares a permission
 * (`config: { permission }`, see src/core/auth/permissions.ts); a route without one fails at start.
 * One onRequest hook then resolves `request.principal` from `Authorization: Bearer` (or
 * `?auth_token=` where a route allows it, or the session cookie) and checks it against the table:
 * no credentials 401, a kind not granted the permission 403 `forbidden`. Open routes (public,
 * capability URLs) skip both. Invisible resources are 404, decided in the domain.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isOpenPermission, isPermission, refusal, type Permission, type PrincipalPermission } from '../../core/auth/permissions.ts';
import { authenticateToken, type Principal } from '../../core/auth/principal.ts';
import type { CoreContext } from '../../core/context.ts';
import { SwitchboardError } from '../../core/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** who may call the route: one name of src/core/auth/permissions.ts */
    permission?: Permission;
    /** accept `?auth_token=` as well as the Authorization header (the Dashly-style reply route) */
    allowQueryToken?: boolean;
  }
  interface FastifyInstance {
    /** every route's permission, keyed `METHOD /url` (what the authorization test walks) */
    routePermissions: ReadonlyMap<string, Permission>;
  }
}

export type SessionResolver = (request: FastifyRequest) => Promise<Principal | null>;

// Set on a scope by withPermission: the permission of routes added there by plugins we don't own.
const SCOPE_PERMISSION = Symbol('permission of the routes of this scope');
type Scoped = { [SCOPE_PERMISSION]?: Permission };

/**
 * Registers plugins we don't own, which take no route config (Swagger UI, static files), so that
 * every route they add has `permission`. Example:
 * `app.register(withPermission('public', (scope) => scope.register(swaggerUi, opts)))`.
 */
export function withPermission(permission: Permission, register: (scope: FastifyInstance) => PromiseLike<unknown>) {
  return async (scope: FastifyInstance): Promise<void> => {
    (scope as unknown as Scoped)[SCOPE_PERMISSION] = permission;
    await register(scope);
  };
}

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
    const resolve = async (request: FastifyRequest): Promise<Principal | null> => {
      const token = bearerToken(request);
      if (token) return authenticateToken(opts.ctx, token);
      return opts.sessions ? opts.sessions(request) : null;
    };
    const routePermissions = new Map<string, Permission>();
    app.decorateRequest('principal', null);
    app.decorate('routePermissions', routePermissions);

    // Nobody adds a route without an authorization decision: it throws where the route is declared.
    app.addHook('onRoute', function (route) {
      const permission = route.config?.permission ?? (this as unknown as Scoped)[SCOPE_PERMISSION];
      if (!isPermission(permission)) {
        throw new Error(`${route.method} ${route.url}: declare config.permission (a name in src/core/auth/permissions.ts); got ${String(permission)}`);
      }
      route.config = { ...route.config, permission };
      for (const method of [route.method].flat()) routePermissions.set(`${method} ${route.url}`, permission);
    });

    const authorize = async (request: FastifyRequest, permission: PrincipalPermission): Promise<void> => {
      const principal = await resolve(request);
      if (!principal) throw new SwitchboardError('unauthorized', 'missing or invalid credentials: send Authorization: Bearer <API key>');
      request.principal = principal;
      const why = refusal(principal, permission);
      if (why) throw new SwitchboardError('forbidden', why);
    };
    // Callback style: open routes (the hook ingest path among them) pay no promise for this check.
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.is404) return done();
      const { permission } = request.routeOptions.config;
      if (permission === undefined) return done(new SwitchboardError('forbidden', 'this route has no permission declared'));
      if (isOpenPermission(permission)) return done();
      authorize(request, permission).then(() => done(), done);
    });
  },
  { name: 'auth' },
);

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new SwitchboardError('unauthorized', 'missing or invalid credentials');
  return request.principal;
}
