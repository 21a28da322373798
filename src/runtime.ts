/**
 * Composes a Switchboard node: store, domain context, realtime hub, HTTP app and background workers.
 * main.ts runs one for `switchboard serve`; tests build the same thing in-process.
 *
 * The write path's ports are wired here, by name: inside the event's transaction appendEvent calls
 * `ports.outbox` (outgoing/outbox.ts) and `ports.botActions` (bots/actions/enqueue-actions.ts);
 * after commit the writer calls `ports.afterCommit`, the fan-out below.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './api/build-app.ts';
import type { Config } from './config.ts';
import type { AfterCommitPort, CoreContext, WritePorts } from './core/context.ts';
import type { DomainEvent } from './core/types.ts';
import { BotRateGuard } from './core/bots/bot-rate.ts';
import { HookTokens } from './core/hooks/hook-tokens.ts';
import { EVENTS_CHANNEL } from './core/events/append-event.ts';
import { bootstrapAdmin } from './core/users/users.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { RealtimeHub } from './realtime/hub.ts';
import { openStore, type Store } from './store/store.ts';
import { SharedRateCounts } from './store/shared-rate-counts.ts';
import { warnIfKeyInDatabase } from './store/secrets/open-token-seal.ts';
import { createResponder } from './bots/rules/responder.ts';
import { createActionOutbox } from './bots/actions/enqueue-actions.ts';
import { createOutbox } from './outgoing/outbox.ts';
import { createSessionResolver } from './api/session-cookie.ts';
import { BlobStore } from './store/blobs/blob-store.ts';
import { HOOKS_CHANNEL } from './core/hooks/hook-tokens.ts';
import { DELIVERIES_CHANNEL, startOutgoing, type Outgoing } from './outgoing/start-outgoing.ts';
import { startRetention } from './ops/retention/retention.ts';
import { retentionSettings } from './ops/retention/retention-settings.ts';
import { resolveNodeId } from './ops/node-identity.ts';
import { acquireNodeLock } from './ops/node-lock.ts';
import { markClosing } from './api/plugins/closing.ts';

export interface Runtime {
  config: Config;
  ctx: CoreContext;
  app: FastifyInstance;
  metrics: Metrics;
  hub: RealtimeHub;
  /** this node's stable identity (NODE_ID or DATA_DIR/node-id), the owner of its delivery leases */
  nodeId: string;
  /** listens on config.host:config.port (0 picks a free port); returns the bound URL */
  listen(): Promise<string>;
  /** graceful stop: no new work, in-flight requests and writes finish, connections close */
  close(): Promise<void>;
}

export async function createRuntime(config: Config, options: { logger?: FastifyServerOptions['logger'] } = {}): Promise<Runtime> {
  const metrics = createMetrics();
  // The identity first: a second live process with it must not even open the database.
  const nodeId = await resolveNodeId(config);
  const lock = await acquireNodeLock({ dataDir: config.dataDir, nodeId, sharedDatabase: Boolean(config.databaseUrl) });
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    writeBatchMax: config.writeBatchMax,
    pgPoolSize: config.pgPoolSize,
    onBatch: metrics.observeBatch,
    secretKey: config.secretKey,
  });
  // The delivery worker starts last (it needs the app's logger); until then nothing is woken.
  let outgoing: Outgoing | undefined;
  const wakeDeliveries = (webhookIds?: Set<string>) => outgoing?.wakeFor(webhookIds);
  const outbox = createOutbox(config, wakeDeliveries);
  const actionOutbox = createActionOutbox(config, wakeDeliveries);
  let afterCommit: AfterCommitPort = () => {};
  const ctx = createCoreContext(store, config, {
    outbox: outbox.enqueue,
    botActions: actionOutbox.enqueue,
    afterCommit: (events) => afterCommit(events),
    wakeDeliveries,
  });
  ctx.rateCounts?.start();
  const hub = new RealtimeHub(ctx);
  const respond = createResponder(ctx, { warn: (o, m) => app?.log.warn(o, m) });
  const countMessages: AfterCommitPort = (events) => {
    for (const e of events) if (e.type === 'message.created') metrics.messagesWritten.inc();
  };
  // After every commit, in this order: the realtime hub, metrics, the auto-responder, the worker.
  afterCommit = fanOut([(events) => hub.dispatch(events), countMessages, respond, outbox.wakeDue, actionOutbox.wakeDue]);
  await bootstrapAdmin(ctx, config.adminToken);

  let ready = false;
  const blobs = new BlobStore(config.dataDir);
  const app = await buildApp({ ctx, metrics, hub, blobs, sessions: createSessionResolver(ctx), logger: options.logger, isReady: () => ready });
  warnIfKeyInDatabase(store.tokenSeal, app.log);
  outgoing = await startOutgoing(ctx, metrics, app.log.child({ module: 'outgoing' }), nodeId);
  const retention = startRetention({ store, blobs, settings: retentionSettings(config), metrics, log: app.log.child({ module: 'retention' }) });
  // What other nodes committed (PostgreSQL; SQLite's node is alone, and listen is a no-op).
  const stopListening = await store.engine.listen([EVENTS_CHANNEL, HOOKS_CHANNEL, DELIVERIES_CHANNEL], (channel, payload) => {
    if (channel === HOOKS_CHANNEL) return ctx.hookTokens.dropLocal(payload);
    if (channel === DELIVERIES_CHANNEL) return outgoing?.wake();
    const { conversation_id, seq } = JSON.parse(payload) as { conversation_id: string; seq: number };
    hub.notify(conversation_id, seq);
  }, app.log);

  return {
    config,
    ctx,
    app,
    metrics,
    hub,
    nodeId,
    async listen() {
      const url = await app.listen({ port: config.port, host: config.host });
      ready = true;
      return url;
    },
    async close() {
      ready = false;
      // Both begin now, synchronously: answers say `Connection: close` and the worker claims
      // nothing more. HTTP and the worker then wind down side by side. Requests in flight still
      // write, and the deliveries they make are committed unclaimed, for another node or the next
      // start; attempts in flight finish and are recorded; the store closes after both.
      markClosing(app);
      await Promise.all([app.close(), outgoing?.stop()]);
      await stopListening();
      await ctx.rateCounts?.stop();
      await retention.stop();
      await store.close();
      await lock.release();
    },
  };
}

/**
 * The domain context: the store, the settings, the shared helpers built here, and the write path's
 * ports. The CLI builds one with ports that do nothing (it runs no worker, hub or bots).
 */
export function createCoreContext(store: Store, config: Config, ports: WritePorts): CoreContext {
  return {
    store,
    config,
    ports,
    hookTokens: new HookTokens(store),
    botRate: new BotRateGuard(config.botRepliesPerMinute),
    rateCounts: store.engine.sharedByNodes ? new SharedRateCounts(store.db, config.rateLimitSyncMs) : null,
  };
}

/** Ports for a context that writes but runs nothing after (the CLI). */
export const QUIET_PORTS: WritePorts = {
  outbox: async () => {},
  botActions: async () => {},
  afterCommit: () => {},
  wakeDeliveries: () => {},
};

/** One after-commit port calling each listener in turn; a listener's failure must not turn a committed write into an error. */
function fanOut(listeners: AfterCommitPort[]): AfterCommitPort {
  return (events: DomainEvent[]) => {
    if (!events.length) return;
    for (const listener of listeners) {
      try {
        listener(events);
      } catch {
        // the write is committed; the listener's own log says what went wrong
      }
    }
  };
}
