/**
 * Load for the stop and restart tests: hook posters on keep-alive connections, a hook request held
 * half-sent (so it is certainly in flight when the stop begins), and the node's database read
 * directly once its process is gone.
 */
import http from 'node:http';
import net from 'node:net';
import { openStore, type Store } from '../../src/store/store.ts';

export interface Answer {
  /** Date.now() when the request was written */
  sentAt: number;
  status: number;
  connection: string | undefined;
  messageId: string | null;
}

export interface Posters {
  answers: Answer[];
  /** error codes of requests that got no answer (refused or reset while the node stops or dies) */
  errors: string[];
  /** ids of the messages the node acknowledged (2xx with a message_id) */
  acknowledged(): string[];
  /** stops posting and waits for every poster's last request to settle */
  stop(): Promise<void>;
}

/** `connections` posters, each posting Fleep-style JSON to `hookUrl` one after another on its own kept-alive socket. */
export function postContinuously(hookUrl: string, connections: number): Posters {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const answers: Answer[] = [];
  const errors: string[] = [];
  let stopped = false;
  let n = 0;
  const poster = async () => {
    while (!stopped) {
      const sentAt = Date.now();
      try {
        const res = await post(agent, hookUrl, JSON.stringify({ message: `load ${++n}`, user: 'Load' }));
        const messageId = res.status < 300 ? (JSON.parse(res.body).message_id as string) : null;
        answers.push({ sentAt, status: res.status, connection: res.headers.connection, messageId });
      } catch (err) {
        errors.push((err as NodeJS.ErrnoException).code ?? (err as Error).message);
        // The node no longer listens: it has stopped (or died).
        if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') break;
      }
    }
  };
  const running = Array.from({ length: connections }, poster);
  return {
    answers,
    errors,
    acknowledged: () => answers.flatMap((a) => (a.messageId ? [a.messageId] : [])),
    async stop() {
      stopped = true;
      await Promise.all(running);
      agent.destroy();
    },
  };
}

function post(agent: http.Agent, url: string, body: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(20_000, () => req.destroy(Object.assign(new Error('no answer in 20 s'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

export interface HalfSent {
  /** sends the rest of the body; resolves with the answer's status and (lower-cased) headers */
  finish(): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  close(): void;
}

/**
 * A keep-alive hook POST whose headers and half of whose body are on the wire: the node has a
 * request in flight on this socket until finish() sends the rest. The socket is kept open after the
 * answer, as a client holding its connection does.
 */
export async function halfSentPost(hookUrl: string, body: string): Promise<HalfSent> {
  const url = new URL(hookUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\n\r\n`);
  socket.write(bytes.subarray(0, half));
  let received = '';
  socket.on('data', (c: Buffer) => (received += c.toString('latin1')));
  socket.on('error', () => {});
  return {
    async finish() {
      socket.write(bytes.subarray(half));
      const deadline = Date.now() + 10_000;
      for (;;) {
        const answer = parseAnswer(received);
        if (answer) return answer;
        if (Date.now() > deadline || socket.destroyed) throw new Error(`no whole answer to the half-sent request: ${JSON.stringify(received)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () => socket.destroy(),
  };
}

function parseAnswer(text: string): { status: number; headers: Record<string, string>; body: string } | null {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const body = text.slice(end + 4);
  if (Buffer.byteLength(body, 'latin1') < Number(headers['content-length'] ?? 0)) return null;
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** Opens the node's database (its process is gone, or it runs beside) for `fn`, then closes it. */
export async function readDatabase<T>(env: Record<string, string>, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ databaseUrl: env.DATABASE_URL ?? '', dataDir: env.DATA_DIR, writeBatchMax: 1 }, { migrate: false });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Polls `check` every 20 ms until it returns a value, or fails with `describe()` after `timeoutMs`. */
export async function until<T>(timeoutMs: number, check: () => T | null | undefined | false | Promise<T | null | undefined | false>, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
