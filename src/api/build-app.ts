/**
 * buildApp(deps): the whole HTTP surface as one Fastify instance, so tests get the real app in-process.
 * Shared infrastructure is registered first (errors, auth, OpenAPI); each capability is its own plugin.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import cookie from '@fastify/cookie';
import type { CoreContext } from '../core/context.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { RealtimeHub } from '../realtime/hub.ts';
import { authPlugin, withPermission, type SessionResolver } from './plugins/auth.ts';
import { errorHandlerPlugin } from './plugins/error-handler.ts';
import { sanitizeInputPlugin } from './plugins/sanitize-input.ts';
import { closingPlugin } from './plugins/closing.ts';
import { connectionLimitsPlugin, exemptFromIdleTimeout, httpServerOptions } from './plugins/connection-limits.ts';
import { clientErrorHandler, frameworkErrors, refuseConnect, refuseExpectation } from './framework-errors.ts';
import { redactingLogger } from './log-redaction.ts';
import { validatorCompiler } from './plugins/validators.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { fileRoutes } from './routes/files.ts';
import { botRoutes } from './routes/bots.ts';
import { hookRoutes } from './routes/hooks.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { eventStreamRoutes } from './routes/event-stream.ts';
import { hookPlugin } from '../incoming/hook-plugin.ts';
import type { BlobStore } from '../store/blobs/blob-store.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { meRoutes } from './routes/me.ts';
import { messageRoutes } from './routes/messages.ts';
import { operationRoutes } from './routes/operations.ts';
import { userRoutes } from './routes/users.ts';
import { bridgeRoutes } from './routes/bridges.ts';
import { actionRoutes } from './routes/actions.ts';
import { bridgePlugin } from '../incoming/bridge-plugin.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { webPlugin } from '../web/plugin.ts';

export interface AppDeps {
  ctx: CoreContext;
  blobs: BlobStore;
  metrics: Metrics;
  hub: RealtimeHub;
  logger?: FastifyServerOptions['logger'];
  isReady?: () => boolean;
  sessions?: SessionResolver;
  /** capability plugins registered after the core API (incoming hooks, outgoing, bots, web UI) */
  extensions?: ((app: FastifyInstance) => Promise<void>)[];
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { ctx, metrics, hub, blobs } = deps;
  const app = Fastify({
    logger: redactingLogger(deps.logger),
    bodyLimit: ctx.config.apiBodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    forceCloseConnections: 'idle',
    logController: new LogController({ disableRequestLogging: ctx.config.logRequests === 'false' }),
    ...httpServerOptions(ctx.config),
    // Errors answered before any route runs, in the contract's shape (Fastify's and Node's are not).
    clientErrorHandler,
    frameworkErrors,
    return503OnClosing: false,
  });
  app.server.on('checkExpectation', refuseExpectation);
  app.server.on('connect', refuseConnect);

  app.setValidatorCompiler(validatorCompiler);
  // Callback-style hooks: on every request, an async hook costs a promise and a microtask turn.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });

  await app.register(connectionLimitsPlugin, { maxConnections: ctx.config.maxConnections, maxConnectionsPerAddress: ctx.config.maxConnectionsPerAddress });
  await app.register(errorHandlerPlugin);
  await app.register(closingPlugin);
  await app.register(cookie);
  await app.register(authPlugin, { ctx, sessions: deps.sessions });
  await app.register(sanitizeInputPlugin);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Switchboard API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(withPermission('public', (scope) => scope.register(swaggerUi, { routePrefix: '/api/docs' })));

  const streams = new Set<() => void>();
  // Open event streams never end by themselves; close them so a graceful stop can finish.
  app.addHook('preClose', async () => {
    for (const close of [...streams]) close();
  });

  await app.register(async (v1) => {
    await v1.register(meRoutes);
    await v1.register(userRoutes, { ctx });
    await v1.register(conversationRoutes, { ctx });
    await v1.register(messageRoutes, { ctx, blobs });
    await v1.register(apiKeyRoutes, { ctx });
    await v1.register(async (streaming) => {
      streaming.addHook('onRequest', exemptFromIdleTimeout);
      await streaming.register(eventStreamRoutes, { ctx, hub, streams });
    });
    await v1.register(hookRoutes, { ctx });
    await v1.register(webhookRoutes, { ctx });
    await v1.register(botRoutes, { ctx });
    await v1.register(fileRoutes, { ctx, blobs });
    await v1.register(bridgeRoutes, { ctx });
    await v1.register(actionRoutes, { ctx });
    await v1.register(sessionRoutes, { ctx });
    await v1.register(inboxRoutes, { ctx });
  }, { prefix: '/api/v1' });
  await app.register(hookPlugin, { ctx, blobs });
  await app.register(bridgePlugin, { ctx });
  for (const extension of deps.extensions ?? []) await extension(app);
  await app.register(withPermission('public', (scope) => scope.register(webPlugin)));

  await app.register(operationRoutes, { ctx, metrics, isReady: deps.isReady ?? (() => true) });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  return app;
}
