import { createServer, request as httpRequest, Agent as HttpAgent } from 'node:http';
import { Agent, request } from 'undici';
const server = createServer((req, res) => { req.resume(); req.on('end', () => res.end('{}')); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as any).port;
const url = `http://127.0.0.1:${port}/`;
const body = 'x'.repeat(600);
const agent = new Agent();
let t = performance.now();
for (let i = 0; i < 2000; i++) { const r = await agent.request({ origin: url, path: '/', method: 'POST', body, headers: { 'content-type': 'application/json' } }); await r.body.text(); }
console.log('undici seq µs', ((performance.now() - t) / 2000 * 1000).toFixed(1));
const ka = new HttpAgent({ keepAlive: true });
t = performance.now();
for (let i = 0; i < 2000; i++) await new Promise<void>((resolve) => { const req = httpRequest({ port, method: 'POST', agent: ka, path: '/', headers: { 'content-length': body.length } }, (res) => { res.resume(); res.on('end', resolve); }); req.end(body); });
console.log('node http seq µs', ((performance.now() - t) / 2000 * 1000).toFixed(1));
server.close(); await agent.close(); ka.destroy();
