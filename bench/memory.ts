/**
 * Memory of a real `switchboard serve` child process: resident set size (RSS, from /proc) idle after
 * start, after BENCH_MEMORY_POSTS hook posts, and along a soak of BENCH_MEMORY_RATE posts/s into a
 * conversation with two webhooks to a local receiver for BENCH_MEMORY_SOAK_S seconds; each load is
 * followed by BENCH_MEMORY_SETTLE_S seconds of quiet, to show what comes back down. Heap figures are
 * the child's own (its /metrics). SQLite, and PostgreSQL when it answers.
 * Run alone with `node bench/memory.ts`, or as part of `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Agent } from 'undici';
import { createPgDatabase, POSTGRES_AVAILABLE } from '../test/support/engines.ts';
import { ROOT, startSwitchboard, type Started } from './support.ts';

const POSTS = Number(process.env.BENCH_MEMORY_POSTS ?? 100_000);
const SOAK_S = Number(process.env.BENCH_MEMORY_SOAK_S ?? 120);
const RATE = Number(process.env.BENCH_MEMORY_RATE ?? 150);
const SETTLE_S = Number(process.env.BENCH_MEMORY_SETTLE_S ?? 20);
const ENV = { OUTGOING_ALLOWED_NETS: '127.0.0.1/32', HOOK_RATE_PER_MINUTE: '100000000' };

type Sb = Started & { token: string };
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** RSS in MiB, from the kernel (VmRSS counts the mapped binary's touched pages too, as `ps` does). */
async function rssMb(sb: Sb): Promise<number> {
  const status = await readFile(`/proc/${sb.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** `rss (heap used/total)` in MiB; RSS is read before the scrape allocates anything. */
async function snapshot(sb: Sb): Promise<string> {
  const rss = await rssMb(sb);
  const text = await (await fetch(`${sb.url}/metrics`)).text();
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / MB;
  return `${rss.toFixed(0)} (${gauge('nodejs_heap_size_used_bytes').toFixed(0)}/${gauge('nodejs_heap_size_total_bytes').toFixed(0)})`;
}

async function api(sb: Sb, route: string, body: unknown) {
  const res = await fetch(`${sb.url}/api/v1${route}`, { method: 'POST', headers: { authorization: `Bearer ${sb.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`POST ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function startReceiver() {
  const state = { count: 0 };
  const server = createServer((req, res) => {
    req.resume().on('end', () => {
      state.count++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, state, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** RATE posts/s for SOAK_S seconds, paced (a load generator would burst); samples RSS every 10 s. */
async function soak(sb: Sb, hookPath: string): Promise<{ samples: number[]; failed: number }> {
  const agent = new Agent({ connections: 16 });
  const samples: number[] = [];
  const posts: Promise<unknown>[] = [];
  const started = performance.now();
  try {
    for (let i = 0; i < RATE * SOAK_S; i++) {
      const wait = started + (i * 1000) / RATE - performance.now();
      if (wait > 1) await sleep(wait);
      if (i % (RATE * 10) === 0) samples.push(await rssMb(sb));
      const body = JSON.stringify({ message: `soak ${i}: CPU at 93% on web-1`, user: 'monitor' });
      posts.push(agent.request({ origin: sb.url, path: hookPath, method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((res) => res.body.dump()));
    }
    const failed = (await Promise.allSettled(posts)).filter((p) => p.status === 'rejected').length;
    samples.push(await rssMb(sb));
    return { samples, failed };
  } finally {
    await agent.close();
  }
}

async function measure(engine: string, env: Record<string, string>): Promise<string> {
  const receiver = await startReceiver();
  const sb = await startSwitchboard({ ...ENV, ...env });
  try {
    await sleep(SETTLE_S * 1000);
    const idle = await snapshot(sb);

    const ingest = await api(sb, '/conversations', { title: 'memory: ingest' });
    const hook = await api(sb, `/conversations/${ingest.id}/hooks`, { name: 'ingest' });
    const result = await autocannon({ url: sb.url + new URL(hook.url).pathname, amount: POSTS, connections: 50, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'CPU at 93% on web-1 for 5 minutes', user: 'monitor' }) });
    const afterPosts = await snapshot(sb);
    await sleep(SETTLE_S * 1000);
    const postsSettled = await snapshot(sb);

    const conv = await api(sb, '/conversations', { title: 'memory: soak' });
    const soakHook = await api(sb, `/conversations/${conv.id}/hooks`, { name: 'soak' });
    for (const name of ['a', 'b']) await api(sb, `/conversations/${conv.id}/webhooks`, { url: `${receiver.url}/${name}`, format: 'standard', parallel: true });
    const { samples, failed } = await soak(sb, new URL(soakHook.url).pathname);
    const delivered = receiver.state.count;
    await sleep(SETTLE_S * 1000);
    const soakSettled = await snapshot(sb);

    const notes = [`${result.non2xx + result.errors} of ${POSTS} posts failed`, `soak: ${failed} posts failed, ${delivered} deliveries by its end`].join('; ');
    return `| ${engine} | ${idle} | ${afterPosts} | ${postsSettled} | ${samples.map((s) => s.toFixed(0)).join(' → ')} | ${soakSettled} | ${notes} |`;
  } finally {
    await sb.stop();
    await receiver.close();
  }
}

export async function measureMemory(): Promise<void> {
  // The first start after an install or an edit fills the compile cache (bin/switchboard.js) and
  // still loads the type stripper; every later start is the one measured.
  execFileSync(process.execPath, ['bin/switchboard.js', '--help'], { cwd: ROOT, stdio: 'ignore' });
  const rows = [await measure('sqlite', {})];
  if (POSTGRES_AVAILABLE) {
    const db = await createPgDatabase();
    try {
      rows.push(await measure('postgres', { DATABASE_URL: db.url }));
    } finally {
      await db.drop();
    }
  } else console.log('# PostgreSQL unreachable: its memory figures are skipped');
  console.log(`\n# memory: RSS MiB (heap used/total MiB); idle is ${SETTLE_S} s after start; soak ${SOAK_S} s at ${RATE} posts/s with 2 webhooks, RSS every 10 s`);
  console.log(`| engine | idle | after ${POSTS} posts | ${SETTLE_S} s later | soak RSS | ${SETTLE_S} s after soak | notes |`);
  console.log('| --- | ---: | ---: | ---: | --- | ---: | --- |');
  for (const r of rows) console.log(r);
}

if (import.meta.main) await measureMemory();
