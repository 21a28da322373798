import { mkdtempSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/runtime.ts';
import { createUser } from '../src/core/users/users.ts';
import { createApiKey } from '../src/core/users/api-keys.ts';
import { postMessage } from '../src/core/messages/post-message.ts';
const env: Record<string, string> = { PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync('/tmp/sbi-'), OUTGOING_ALLOWED_NETS: '127.0.0.1/32' };
if (process.env.PG) env.DATABASE_URL = process.env.PG;
const rt = await createRuntime(loadConfig(env));
const user = await createUser(rt.ctx, { email: 'a@b.c', name: 'A', role: 'admin', password: 'password123' });
const key = await createApiKey(rt.ctx, user.id, { name: 'k' });
const auth = { authorization: `Bearer ${key.token}` };
const conv = (await rt.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: auth, payload: { title: 'x' } })).json();
if (process.env.WEBHOOK) { const w = (await rt.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/webhooks`, headers: auth, payload: { url: `http://127.0.0.1:9/`, format: 'standard' } })).json(); await rt.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${w.id}`, headers: auth, payload: { status: 'paused' } }); }
const sender = { type: 'hook' as const, id: 'hook_x', name: 'bench', avatar_url: null };
const N = 3000; const t0 = performance.now();
// 50 concurrent writers, like 50 connections posting
let i = 0; await Promise.all(Array.from({ length: 50 }, async () => { while (i++ < N) await postMessage(rt.ctx, { conversation_id: conv.id, body: 'x', sender }); }));
console.log(`${process.env.PG ? 'pg' : 'sqlite'} webhook=${!!process.env.WEBHOOK}: ${(N / (performance.now() - t0) * 1000).toFixed(0)} msg/s`);
await rt.close();
