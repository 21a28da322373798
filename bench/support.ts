/** Starting servers as separate processes and measuring them with one load generator (autocannon). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export interface Started {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns `node <script> ...args` and waits for the JSON line that carries its URL. */
export async function startProcess(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const m = /"url":"(http:[^"]+)"/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function startSwitchboard(env: Record<string, string>): Promise<Started & { token: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sb-bench-'));
  const token = 'bench-admin-token-0123456789abcdef';
  // The `switchboard` command itself, as `npm start` and `npx switchboard` run it (compile cache included).
  const started = await startProcess(['bin/switchboard.js', 'serve'], { PORT: '0', LOG_LEVEL: 'info', LOG_REQUESTS: 'false', DATA_DIR: dataDir, SWITCHBOARD_ADMIN_TOKEN: token, ...env });
  return { ...started, token };
}

export interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  mbps?: number;
}

export async function load(name: string, opts: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ duration: DURATION_S, connections: CONNECTIONS, ...opts });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    mbps: result.throughput.average / 1e6,
  };
}

export function printTable(rows: (Figures & { ratio?: number })[]): void {
  console.log('| target | req/s | p50 ms | p99 ms | ratio to bare | errors | non-2xx | MB/s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const mbps = r.name.includes('upload') && r.mbps !== undefined ? r.mbps.toFixed(1) : '';
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} | ${r.errors} | ${r.non2xx} | ${mbps} |`);
  }
}
