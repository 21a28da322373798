/**
 * `npm run bench`: figures and ratios against a bare Fastify route, measured in one run with one
 * load generator. Never a pass/fail assertion; read the table.
 */
import { createPgDatabase, POSTGRES_AVAILABLE } from '../test/support/engines.ts';
import { measureDeliveries } from './deliveries.ts';
import { measureMemory } from './memory.ts';
import { measureDiskUse } from './disk-use.ts';
import { load, printTable, startProcess, startSwitchboard, CONNECTIONS, DURATION_S, type Figures } from './support.ts';

const body = JSON.stringify({ body: 'CPU at 93% on web-1 for 5 minutes' });

async function measureBare(): Promise<Figures> {
  const bare = await startProcess(['bench/bare-server.ts']);
  try {
    await load('warm-up', { url: `${bare.url}/bare`, duration: 2, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return await load('bare Fastify route', { url: `${bare.url}/bare`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  } finally {
    await bare.stop();
  }
}

const hookBody = JSON.stringify({ message: 'CPU at 93% on web-1 for 5 minutes', user: 'monitor' });

/** REST API posts and hook ingest against one Switchboard process of the given engine. */
async function measureEngine(engine: string, env: Record<string, string>): Promise<Figures[]> {
  // The per-hook rate limit is lifted here: the point is throughput, not the limiter.
  const sb = await startSwitchboard({ HOOK_RATE_PER_MINUTE: '100000000', ...env });
  try {
    const headers = { authorization: `Bearer ${sb.token}`, 'content-type': 'application/json' };
    const conv = await (await fetch(`${sb.url}/api/v1/conversations`, { method: 'POST', headers, body: JSON.stringify({ title: 'bench' }) })).json();
    const hook = await (await fetch(`${sb.url}/api/v1/conversations/${conv.id}/hooks`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench hook' }) })).json();
    const url = `${sb.url}/api/v1/conversations/${conv.id}/messages`;
    const hookUrl = sb.url + new URL(hook.url).pathname; // PUBLIC_URL is unknown with PORT=0
    await load('warm-up', { url, duration: 2, method: 'POST', headers, body });
    const api = await load(`POST messages (${engine})`, { url, method: 'POST', headers, body });
    const json = { 'content-type': 'application/json' };
    await load('warm-up', { url: hookUrl, duration: 2, method: 'POST', headers: json, body: hookBody });
    const ingest = await load(`hook ingest (${engine})`, { url: hookUrl, method: 'POST', headers: json, body: hookBody });
    const upload = await measureUpload(engine, hookUrl);
    return [api, ingest, upload];
  } finally {
    await sb.stop();
  }
}

/** 1 MiB multipart uploads, fewer connections: the figure that matters is MB/s. */
async function measureUpload(engine: string, url: string): Promise<Figures> {
  const boundary = 'benchBoundary7MA4YWxkTrZu0gW';
  const file = Buffer.alloc(1024 * 1024, 'switchboard ');
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\nnightly report\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="report.txt"\r\nContent-Type: text/plain\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const figures = await load(`1 MiB multipart upload (${engine})`, { url, connections: 8, method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: payload });
  return { ...figures, mbps: (figures.rps * file.length) / 1e6 };
}

console.log(`# Switchboard benchmark: ${CONNECTIONS} connections, ${DURATION_S} s per target, Node ${process.version}`);
const bare = await measureBare();
const rows: (Figures & { ratio?: number })[] = [bare];
rows.push(...(await measureEngine('sqlite', {})));
if (POSTGRES_AVAILABLE) {
  const db = await createPgDatabase();
  try {
    rows.push(...(await measureEngine('postgres', { DATABASE_URL: db.url })));
  } finally {
    await db.drop();
  }
} else console.log('# PostgreSQL unreachable: its figures are skipped');
for (const r of rows) r.ratio = r.rps / bare.rps;
printTable(rows);
await measureDeliveries();
await measureMemory();
await measureDiskUse();
