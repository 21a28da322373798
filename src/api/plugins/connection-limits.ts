/**
 * Slow and greedy clients are bounded, so that none can hold the server's connections:
 * - HTTP_HEADERS_TIMEOUT_MS and HTTP_REQUEST_TIMEOUT_MS bound the time to receive the headers and the
 *   whole request (Node's own timers); beyond, 408 and close.
 * - HTTP_IDLE_TIMEOUT_MS closes a connection on which nothing moves, either way, that long while a
 *   request is in progress, so a stalled body is caught long before the request timeout (408 if no
 *   answer has begun, else close). Event streams are exempt: they stay open while the client is silent.
 * - HTTP_KEEP_ALIVE_TIMEOUT_MS closes idle keep-alive connections between requests.
 * - MAX_CONNECTIONS: beyond it, Node closes a new connection at once, before any of our code runs
 *   (answering would cost the memory the cap protects).
 * - MAX_CONNECTIONS_PER_ADDRESS: beyond it, a new connection gets 503 `too_many_connections` with
 *   `Connection: close` straight away and is closed, so one address cannot fill MAX_CONNECTIONS.
 * 0 turns a timeout or cap off, except the keep-alive timeout (Fastify reads 0 as its default, 72 s).
 */
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.ts';
import { answerOnSocket, rawErrorResponse, REQUEST_TIMEOUT } from '../framework-errors.ts';

type Timeouts = Pick<Config, 'httpRequestTimeoutMs' | 'httpHeadersTimeoutMs' | 'httpIdleTimeoutMs' | 'httpKeepAliveTimeoutMs'>;
type Caps = Pick<Config, 'maxConnections' | 'maxConnectionsPerAddress'>;

/** The Fastify options carrying the timeouts (Fastify sets them on the Node server it creates). */
export function httpServerOptions(limits: Timeouts): { requestTimeout: number; connectionTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  const requestTimeout = limits.httpRequestTimeoutMs;
  // Node refuses a headers timeout longer than the request timeout.
  const headersTimeout = requestTimeout > 0 ? Math.min(limits.httpHeadersTimeoutMs, requestTimeout) : limits.httpHeadersTimeoutMs;
  // Node looks for requests past these timeouts every `connectionsCheckingInterval` (30 s by
  // default), which would let a slow client overstay by that much.
  const shortest = Math.min(...[headersTimeout, requestTimeout].filter((ms) => ms > 0), 4000);
  return {
    requestTimeout,
    connectionTimeout: limits.httpIdleTimeoutMs,
    keepAliveTimeout: limits.httpKeepAliveTimeoutMs,
    // requireHostHeader: Node would answer a missing Host with an empty 400; error-handler answers it.
    http: { headersTimeout, connectionsCheckingInterval: Math.max(10, Math.floor(shortest / 4)), requireHostHeader: false },
  };
}

const OVER_ADDRESS_CAP = rawErrorResponse(
  { status: 503, code: 'too_many_connections', message: 'too many open connections from this address; close some and retry' },
  { 'retry-after': '1' },
);

/** Bounds the server's connections and answers idle-timed-out requests; registered once in buildApp. */
export const connectionLimitsPlugin = fp(
  async (app: FastifyInstance, limits: Caps) => {
    const server = app.server as Server;
    if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
    const refused = new WeakSet<Socket>();
    if (limits.maxConnectionsPerAddress > 0) countPerAddress(server, limits.maxConnectionsPerAddress, refused);
    // With a listener here, Node leaves timed-out sockets to us (its default destroys them silently).
    server.on('timeout', (socket: Socket) => {
      const request = (socket as Socket & { parser?: { incoming?: { complete: boolean } } }).parser?.incoming;
      if (request && !request.complete) answerOnSocket(socket, REQUEST_TIMEOUT);
      else socket.destroy();
    });
    // A refused connection's request, if it still arrives, is not served: its answer was sent.
    app.addHook('onRequest', (request, reply, done) => {
      if (refused.has(request.raw.socket)) return void reply.hijack();
      done();
    });
  },
  { name: 'connection-limits' },
);

function countPerAddress(server: Server, cap: number, refused: WeakSet<Socket>): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const count = (open.get(address) ?? 0) + 1;
    open.set(address, count);
    socket.once('close', () => {
      const left = open.get(address)! - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
    if (count <= cap) return;
    refused.add(socket);
    // Answered before the request is read: the client gets a reason, and the socket's life is short.
    socket.end(OVER_ADDRESS_CAP);
    socket.setTimeout(1000, () => socket.destroy());
  });
}

/** onRequest hook for routes that stream indefinitely (SSE): the idle timeout must not cut them. */
export function exemptFromIdleTimeout(request: FastifyRequest, _reply: unknown, done: () => void): void {
  // In-process requests (app.inject) have a stand-in socket without timeouts.
  request.raw.socket?.setTimeout?.(0);
  done();
}
