/**
 * Outgoing deliveries: how fast a backlog drains to a local receiver that answers 200 at once
 * (deliveries collected while the webhook is paused, then it is resumed), and the end-to-end
 * latency from a hook POST to the receiver getting the delivery at a steady 500 messages/s.
 * SQLite with one process; PostgreSQL with two processes sharing the database.
 * Run alone with `node bench/deliveries.ts`, or as part of `npm run bench`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Agent } from 'undici';
import { createPgDatabase, POSTGRES_AVAILABLE } from '../test/support/engines.ts';
import { DURATION_S, startSwitchboard, type Started } from './support.ts';

const BACKLOG = Number(process.env.BENCH_DELIVERIES ?? 10_000);
const RATE = Number(process.env.BENCH_DELIVERY_RATE ?? 500);
const ENV = { OUTGOING_ALLOWED_NETS: '127.0.0.1/32', HOOK_RATE_PER_MINUTE: '100000000' };

interface Row {
  name: string;
  figure: string;
}

/** Counts deliveries; a body of `t:<ms>` (sent by the latency run) gives one latency sample. */
async function startReceiver() {
  const state = { count: 0, latencies: [] as number[] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      state.count++;
      const m = /"body":"t:([\d.]+)"/.exec(Buffer.concat(chunks).toString());
      if (m) state.latencies.push(performance.timeOrigin + performance.now() - Number(m[1]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, state, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

type Sb = Started & { token: string };

async function api(sb: Sb, method: string, route: string, body?: unknown) {
  const res = await fetch(`${sb.url}/api/v1${route}`, { method, headers: { authorization: `Bearer ${sb.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A conversation with a hook to post to and a webhook to the receiver; returns the hook path. */
async function setUp(sb: Sb, receiverUrl: string, webhook: Record<string, unknown>) {
  const conv = await api(sb, 'POST', '/conversations', { title: 'bench deliveries' });
  const hook = await api(sb, 'POST', `/conversations/${conv.id}/hooks`, { name: 'bench' });
  const wh = await api(sb, 'POST', `/conversations/${conv.id}/webhooks`, { url: receiverUrl, format: 'standard', ...webhook });
  return { hookPath: new URL(hook.url).pathname, webhookId: wh.id as string };
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

/** Posts BACKLOG messages while the webhook is paused, then resumes it and times the drain. */
export async function measureDrain(nodes: Sb[], label: string, parallel: boolean): Promise<Row> {
  const receiver = await startReceiver();
  try {
    const { hookPath, webhookId } = await setUp(nodes[0], receiver.url, { parallel });
    await api(nodes[0], 'PATCH', `/webhooks/${webhookId}`, { status: 'paused' });
    await autocannon({ url: nodes[0].url + hookPath, amount: BACKLOG, connections: 50, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'backlog' }) });
    const started = performance.now();
    await api(nodes[0], 'PATCH', `/webhooks/${webhookId}`, { status: 'active' });
    const done = await until(() => receiver.state.count >= BACKLOG, 300_000);
    const seconds = (performance.now() - started) / 1000;
    const figure = `${(receiver.state.count / seconds).toFixed(0)} deliveries/s (${receiver.state.count} in ${seconds.toFixed(2)} s${done ? '' : ', TIMED OUT'})`;
    return { name: `drain ${BACKLOG} ${parallel ? 'parallel' : 'ordered'} (${label})`, figure };
  } finally {
    await receiver.close();
  }
}

/**
 * RATE hook posts per second, spread over `conversations` conversations (each with its own hook and
 * webhook) and over the nodes. Each post carries the time it was sent; the receiver subtracts it
 * from the time the delivery arrived. Our own paced sender: a load generator that prepares requests
 * ahead of time would date them too early.
 */
export async function measureLatency(nodes: Sb[], label: string, opts: { parallel: boolean; conversations: number }): Promise<Row> {
  const receiver = await startReceiver();
  const agent = new Agent({ connections: 32 });
  try {
    const hookPaths: string[] = [];
    for (let c = 0; c < opts.conversations; c++) hookPaths.push((await setUp(nodes[0], receiver.url, { parallel: opts.parallel })).hookPath);
    const total = RATE * DURATION_S;
    const started = performance.now();
    const posts: Promise<unknown>[] = [];
    const acks: number[] = [];
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / RATE - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const body = JSON.stringify({ message: `t:${performance.timeOrigin + performance.now()}` });
      const path = hookPaths[i % hookPaths.length];
      const { url } = nodes[Math.floor(i / hookPaths.length) % nodes.length];
      const sent = performance.now();
      posts.push(agent.request({ origin: url, path, method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (res) => {
        await res.body.dump();
        acks.push(performance.now() - sent);
      }));
    }
    const failed = (await Promise.allSettled(posts)).filter((p) => p.status === 'rejected').length;
    await until(() => receiver.state.count >= total - failed, 60_000);
    const sorted = receiver.state.latencies.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
    const ack = acks.sort((a, b) => a - b)[Math.floor(acks.length / 2)] ?? NaN;
    const figure = `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms (${sorted.length}/${total} delivered${failed ? `, ${failed} posts failed` : ''}; the hook POST itself: p50 ${ack.toFixed(1)} ms)`;
    const where = opts.conversations === 1 ? '1 conversation' : `${opts.conversations} conversations`;
    return { name: `hook POST → delivery at ${RATE} msg/s, ${where}, ${opts.parallel ? 'parallel' : 'ordered'} (${label})`, figure };
  } finally {
    await agent.close();
    await receiver.close();
  }
}

async function measure(label: string, env: Record<string, string>, processes: number): Promise<Row[]> {
  const nodes: Sb[] = [];
  try {
    // One after the other: the first migrates the database and creates the admin.
    for (let i = 0; i < processes; i++) nodes.push(await startSwitchboard({ ...ENV, ...env }));
    return [
      await measureDrain(nodes, label, false),
      await measureDrain(nodes, label, true),
      await measureLatency(nodes, label, { parallel: false, conversations: 1 }),
      await measureLatency(nodes, label, { parallel: true, conversations: 1 }),
      await measureLatency(nodes, label, { parallel: false, conversations: 10 }),
    ];
  } finally {
    for (const node of nodes) await node.stop();
  }
}

export async function measureDeliveries(): Promise<void> {
  const rows = await measure('sqlite', {}, 1);
  if (POSTGRES_AVAILABLE) {
    const db = await createPgDatabase();
    try {
      rows.push(...(await measure('postgres, 2 processes', { DATABASE_URL: db.url }, 2)));
    } finally {
      await db.drop();
    }
  } else console.log('# PostgreSQL unreachable: its delivery figures are skipped');
  console.log('\n| outgoing deliveries | figure |');
  console.log('| --- | --- |');
  for (const r of rows) console.log(`| ${r.name} | ${r.figure} |`);
}

if (import.meta.main) await measureDeliveries();
