import { createServer } from 'node:http';
const lat = [];
const server = createServer((req, res) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => { res.end('{}'); const m = /"body":"t:([\d.]+)"/.exec(Buffer.concat(c).toString()); if (m) lat.push(performance.timeOrigin + performance.now() - Number(m[1])); }); });
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('message', () => { const s = [...lat].sort((a, b) => a - b); const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0; process.send({ count: s.length, p50: q(0.5), p99: q(0.99), max: q(1) }); });
