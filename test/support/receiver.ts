/**
 * A webhook receiver on 127.0.0.1 for tests: records every request (headers, raw body, start and end
 * time) and answers with whatever `respond` decides, which a test may change at any time.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { defer } from './runtime.ts';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  startedAt: number;
  /** set once the answer was sent (or the connection dropped) */
  endedAt: number | null;
}

/** What to answer; `hang` keeps the request open until the server closes. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';
export type Respond = (request: Received, index: number) => Answer | Promise<Answer>;

export interface Receiver {
  url: string;
  received: Received[];
  respond: Respond;
  /** resolves once `count` requests have been received and answered */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  /** stops listening (connections are refused) until up() */
  down(): Promise<void>;
  /** listens again on the same port */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(t: TestContext, respond: Respond = () => ({ status: 200 }), host = '127.0.0.1'): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const record: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), startedAt: Date.now(), endedAt: null };
      const index = received.push(record) - 1;
      res.on('close', () => (record.endedAt ??= Date.now()));
      const answer = await receiver.respond(record, index);
      if (answer === 'hang') return void hanging.add(res);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '{}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    if (!server.listening) return;
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const receiver: Receiver = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    received,
    respond,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.filter((r) => r.endedAt !== null).length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} requests, waited for ${count}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
    down: close,
    up: () => new Promise<void>((resolve) => server.listen(port, host, resolve)),
    close,
  };
  defer(t, close);
  return receiver;
}
