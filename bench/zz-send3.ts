import { fork } from 'node:child_process';
import { Agent } from 'undici';
import { createHttpClient } from '../src/outgoing/http-client.ts';
import { parseCidrList } from '../src/outgoing/address-guard.ts';
const child = fork('/work/main/bench/zz-receiver.mjs', [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(JSON.parse(String(d)).port)));
const url = `http://127.0.0.1:${port}/`;
const body = 'x'.repeat(600);
const agent = new Agent();
let t = performance.now();
for (let i = 0; i < 1000; i++) { const r = await agent.request({ origin: url, path: '/', method: 'POST', body, headers: { 'content-type': 'application/json' } }); await r.body.text(); }
console.log('undici seq µs', ((performance.now() - t) / 1000 * 1000).toFixed(1));
const client = createHttpClient({ allowedNets: parseCidrList('127.0.0.1/32'), timeoutMs: 10000, maxResponseBytes: 65536 });
t = performance.now();
for (let i = 0; i < 1000; i++) await client.send({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body });
console.log('guarded seq µs', ((performance.now() - t) / 1000 * 1000).toFixed(1));
child.kill(); await agent.close(); await client.close();
