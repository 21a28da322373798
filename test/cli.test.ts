/** The `switchboard` command as a user runs it: separate processes, real HTTP, SIGTERM. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAIN = path.resolve(import.meta.dirname, '../src/main.ts');

test('user create, token create, serve, then a graceful SIGTERM', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sb-cli-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };

  const help = await run(process.execPath, [MAIN, '--help'], { env });
  assert.match(help.stdout, /user create/);
  assert.match(help.stdout, /DATABASE_URL/);

  await run(process.execPath, [MAIN, 'migrate'], { env });
  const user = JSON.parse((await run(process.execPath, [MAIN, 'user', 'create', '--email', 'ops@example.test', '--name', 'Ops', '--password', 'password123', '--admin'], { env })).stdout);
  assert.equal(user.role, 'admin');
  const key = JSON.parse((await run(process.execPath, [MAIN, 'token', 'create', '--email', 'ops@example.test', '--name', 'deploy script'], { env })).stdout);
  assert.match(key.token, /^sb_/);

  const server = spawn(process.execPath, [MAIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => server.kill('SIGKILL'));
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      log += chunk;
      const m = /"url":"(http:[^"]+)"/.exec(log);
      if (m) resolve(m[1]);
    });
    server.on('exit', () => reject(new Error(`server exited early: ${log}`)));
  });
  assert.equal((await fetch(`${url}/readyz`)).status, 200);
  const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${key.token}` } });
  assert.equal((await me.json()).email, 'ops@example.test');
  assert.match(log, /"reqId":"[0-9a-f-]{36}"/, 'logs carry request ids');

  server.kill('SIGTERM');
  const [code] = await once(server, 'exit');
  assert.equal(code, 0);
  assert.match(log, /stopped/);
});
