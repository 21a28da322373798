/**
 * Switchboard as a separate process (`node src/main.ts serve`), as users run it: for tests that kill
 * it with SIGKILL or run two of them on one database. Talks to it over real HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { defer } from './runtime.ts';

const MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');
export const CHILD_ADMIN_TOKEN = 'child-admin-token-5f1c9e2a7b3d4c6e';

export interface ChildNode {
  url: string;
  child: ChildProcess;
  /** the process's output so far, for failure messages */
  log(): string;
  /** JSON API call with the admin token */
  api<T = any>(method: string, route: string, body?: unknown): Promise<{ status: number; json: T }>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function spawnNode(t: TestContext, env: Record<string, string>): Promise<ChildNode> {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', LOG_REQUESTS: 'false', SWITCHBOARD_ADMIN_TOKEN: CHILD_ADMIN_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit');
  // Never leave a server behind, even when the test process itself ends abruptly.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  defer(t, async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /"url":"(http:[^"]+)"/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`switchboard exited early (${code}): ${output}`)));
  });
  return {
    url,
    child,
    log: () => output,
    async api(method, route, body) {
      const res = await fetch(`${url}/api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${CHILD_ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
