/**
 * Disk bytes per message and per delivery attempt, for each engine: how much the database grows
 * over N hook messages in a conversation without webhooks; over N more in one with a paused
 * webhook (each message then also writes its delivery); and over the attempts of those deliveries
 * once the webhook is resumed against a receiver that answers 500 until every delivery is dead.
 * SQLite: pages in use (page_count - freelist_count) × page_size, after a WAL checkpoint.
 * PostgreSQL: pg_total_relation_size of every table (heap, indexes and TOAST; dead row versions of
 * updated deliveries included, as on a real disk until vacuum reuses them).
 * Run alone with `node bench/disk-use.ts` (BENCH_DISK_MESSAGES=5000), or as part of `npm run bench`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import autocannon from 'autocannon';
import pg from 'pg';
import { createPgDatabase, POSTGRES_AVAILABLE } from '../test/support/engines.ts';
import { startSwitchboard, type Started } from './support.ts';

const MESSAGES = Number(process.env.BENCH_DISK_MESSAGES ?? 5000);
/** attempts per delivery: a retry schedule of that many immediate tries */
const ATTEMPTS = 4;
const HOOK_BODY = JSON.stringify({ message: 'CPU at 93% on web-1 for 5 minutes', user: 'monitor' });
const RECEIVER_ANSWER = '{"error":"upstream unavailable"}';

interface Probe {
  /** bytes the database takes now */
  bytes(): Promise<number>;
  count(sql: string): Promise<number>;
  close(): Promise<void>;
}

function sqliteProbe(file: string): Probe {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA busy_timeout = 5000');
  const one = (sql: string) => Number(Object.values(db.prepare(sql).get() as Record<string, unknown>)[0]);
  return {
    async bytes() {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      return (one('PRAGMA page_count') - one('PRAGMA freelist_count')) * one('PRAGMA page_size');
    },
    count: async (sql) => one(sql),
    close: async () => db.close(),
  };
}

async function postgresProbe(url: string): Promise<Probe> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const one = async (sql: string) => Number(Object.values((await client.query(sql)).rows[0])[0]);
  return {
    bytes: () => one(`select sum(pg_total_relation_size(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`),
    count: one,
    close: () => client.end(),
  };
}

type Sb = Started & { token: string };

async function api(sb: Sb, method: string, route: string, body?: unknown) {
  const res = await fetch(`${sb.url}/api/v1${route}`, { method, headers: { authorization: `Bearer ${sb.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function hookIn(sb: Sb, title: string): Promise<{ conversationId: string; hookUrl: string }> {
  const conv = await api(sb, 'POST', '/conversations', { title });
  const hook = await api(sb, 'POST', `/conversations/${conv.id}/hooks`, { name: 'disk bench' });
  return { conversationId: conv.id, hookUrl: sb.url + new URL(hook.url).pathname };
}

async function postMessages(url: string): Promise<void> {
  const result = await autocannon({ url, amount: MESSAGES, connections: 50, method: 'POST', headers: { 'content-type': 'application/json' }, body: HOOK_BODY });
  if (result.non2xx || result.errors) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors while posting`);
}

async function startFailingReceiver() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(500, { 'content-type': 'application/json' }).end(RECEIVER_ANSWER));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the deliveries to die');
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface DiskFigures {
  perMessage: number;
  perDelivery: number;
  perAttempt: number;
  attempts: number;
}

async function measureEngine(env: Record<string, string>, openProbe: (dataDir: string) => Promise<Probe>): Promise<DiskFigures> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sb-disk-'));
  const receiver = await startFailingReceiver();
  const sb = await startSwitchboard({
    DATA_DIR: dataDir, HOOK_RATE_PER_MINUTE: '100000000', OUTGOING_ALLOWED_NETS: '127.0.0.1/32', RETENTION_SWEEP_MS: '0',
    DELIVERY_RETRY_SCHEDULE: Array(ATTEMPTS).fill('0s').join(','), DELIVERY_POLL_MS: '20', ...env,
  });
  const probe = await openProbe(dataDir);
  try {
    const plain = await hookIn(sb, 'disk: no webhooks');
    const hooked = await hookIn(sb, 'disk: one webhook');
    const webhook = await api(sb, 'POST', `/conversations/${hooked.conversationId}/webhooks`, { url: receiver.url, format: 'standard', parallel: true });
    await api(sb, 'PATCH', `/webhooks/${webhook.id}`, { status: 'paused' });

    const start = await probe.bytes();
    await postMessages(plain.hookUrl);
    const afterMessages = await probe.bytes();
    await postMessages(hooked.hookUrl);
    const afterDeliveries = await probe.bytes();
    await api(sb, 'PATCH', `/webhooks/${webhook.id}`, { status: 'active' });
    await until(async () => (await probe.count(`select count(*) from deliveries where status <> 'dead'`)) === 0, 600_000);
    const afterAttempts = await probe.bytes();
    const attempts = await probe.count('select count(*) from delivery_attempts');

    const perMessage = (afterMessages - start) / MESSAGES;
    return { perMessage, perDelivery: (afterDeliveries - afterMessages) / MESSAGES - perMessage, perAttempt: (afterAttempts - afterDeliveries) / attempts, attempts };
  } finally {
    await probe.close();
    await sb.stop();
    await receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function measureDiskUse(): Promise<void> {
  const columns: [string, DiskFigures][] = [['SQLite', await measureEngine({}, async (dir) => sqliteProbe(path.join(dir, 'switchboard.db')))]];
  if (POSTGRES_AVAILABLE) {
    const db = await createPgDatabase();
    try {
      columns.push(['PostgreSQL', await measureEngine({ DATABASE_URL: db.url }, () => postgresProbe(db.url))]);
    } finally {
      await db.drop();
    }
  } else console.log('# PostgreSQL unreachable: its disk figures are skipped');
  const bytes = (n: number) => `${n.toFixed(0)} B`;
  console.log(`\n| disk use (${MESSAGES} hook messages of ${HOOK_BODY.length} B JSON; ${ATTEMPTS} failed attempts per delivery) | ${columns.map(([name]) => name).join(' | ')} |`);
  console.log(`| --- | ${columns.map(() => '---:').join(' | ')} |`);
  console.log(`| bytes per message (message, event, indexes) | ${columns.map(([, f]) => bytes(f.perMessage)).join(' | ')} |`);
  console.log(`| bytes per delivery (its outbox row, per webhook) | ${columns.map(([, f]) => bytes(f.perDelivery)).join(' | ')} |`);
  console.log(`| bytes per delivery attempt (attempt log row, delivery update) | ${columns.map(([, f]) => `${bytes(f.perAttempt)} (of ${f.attempts})`).join(' | ')} |`);
}

if (import.meta.main) await measureDiskUse();
