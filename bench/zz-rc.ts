import { fork } from 'node:child_process';
import autocannon from 'autocannon';
const child = fork('/work/main/bench/zz-receiver.mjs', [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(JSON.parse(String(d)).port)));
const r = await autocannon({ url: `http://127.0.0.1:${port}/`, connections: 64, duration: 3, method: 'POST', body: 'x'.repeat(600) });
console.log('receiver rps', r.requests.average, 'p50', r.latency.p50);
child.kill();
