import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/runtime.ts';
import { createUser } from '../src/core/users/users.ts';
import { createApiKey } from '../src/core/users/api-keys.ts';
import { postMessage } from '../src/core/messages/post-message.ts';
const child = fork('/work/main/bench/zz-latrecv.mjs', [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(JSON.parse(String(d)).port)));
const env: Record<string, string> = { PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync('/tmp/sbl-'), OUTGOING_ALLOWED_NETS: '127.0.0.1/32' };
if (process.env.PG) env.DATABASE_URL = process.env.PG;
const rt = await createRuntime(loadConfig(env));
const user = await createUser(rt.ctx, { email: 'a@b.c', name: 'A', role: 'admin', password: 'password123' });
const key = await createApiKey(rt.ctx, user.id, { name: 'k' });
const auth = { authorization: `Bearer ${key.token}` };
const conv = (await rt.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: auth, payload: { title: 'x' } })).json();
await rt.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/webhooks`, headers: auth, payload: { url: `http://127.0.0.1:${port}/`, format: 'standard', parallel: process.env.PARALLEL === '1' } });
const sender = { type: 'hook' as const, id: 'hook_x', name: 'bench', avatar_url: null };
const N = Number(process.env.N ?? 2500), RATE = Number(process.env.RATE ?? 500);
import { monitorEventLoopDelay } from 'node:perf_hooks';
const h = monitorEventLoopDelay({ resolution: 1 }); h.enable();
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const due = t0 + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  void postMessage(rt.ctx, { conversation_id: conv.id, body: `t:${performance.timeOrigin + performance.now()}`, sender });
}
const result = await new Promise<any>((resolve) => { const iv = setInterval(() => child.send('stats'), 50); child.on('message', (m: any) => { if (m.count >= N) { clearInterval(iv); resolve(m); } }); });
console.log('loop delay p50/p99/max', (h.percentile(50)/1e6).toFixed(1), (h.percentile(99)/1e6).toFixed(1), (h.max/1e6).toFixed(1));
console.log(`p50 ${result.p50.toFixed(1)} p99 ${result.p99.toFixed(1)} max ${result.max.toFixed(1)} ms`);

await rt.close(); child.kill();
const T = (globalThis as any).T; const q = (a: number[], p: number) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(p * (s.length - 1))]; };
console.log({ claims: T.claims, empty: T.empty, claimMs: [q(T.claimMs, .5), q(T.claimMs, .99)], contMs: [q(T.contMs, .5), q(T.contMs, .99)], sendMs: [q(T.sendMs, .5), q(T.sendMs, .99)], waitSend: [q(T.waitSend, .5), q(T.waitSend, .99)], runLen: [q(T.runLen, .5), q(T.runLen, .99)], conts: T.contMs.length });
