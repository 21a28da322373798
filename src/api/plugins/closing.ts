/**
 * A graceful stop lets go of HTTP connections instead of keeping them. From the moment it begins
 * (markClosing, called first thing by the runtime's close; Fastify's preClose for an app closed
 * directly) every answer says `Connection: close`, so Node closes each socket after its answer, and
 * sockets idle now or after an answer are closed. Otherwise a client holding a keep-alive socket
 * held the stop open until its keep-alive timeout and the stop ran past SHUTDOWN_TIMEOUT_MS.
 */
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const closing = new WeakSet<Server>();

/** Starts letting go of this app's connections (idempotent, synchronous). */
export function markClosing(app: FastifyInstance): void {
  const server = app.server as Server;
  if (closing.has(server)) return;
  closing.add(server);
  server.closeIdleConnections();
}

export const closingPlugin = fp(async (app: FastifyInstance) => {
  const server = app.server as Server;
  app.addHook('preClose', (done) => {
    markClosing(app);
    done();
  });
  // Callback-style hooks: they run on every request, and an async hook costs a promise each.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing.has(server)) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', (_request, _reply, done) => {
    // An answer whose headers went out before the stop (a download) leaves its socket idle after it.
    if (closing.has(server)) setImmediate(() => server.closeIdleConnections());
    done();
  });
}, { name: 'closing' });
