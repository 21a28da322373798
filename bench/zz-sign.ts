import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { generateSecret } from '../src/outgoing/signing.ts';
const secret = generateSecret(); const body = JSON.stringify({ x: 'y'.repeat(1500) }); const N = 5000;
let t = performance.now(); for (let i = 0; i < N; i++) new Webhook(secret).sign('dlv_x', new Date(), body); console.log('pkg new each', ((performance.now() - t) / N * 1000).toFixed(1), 'µs');
const wh = new Webhook(secret);
t = performance.now(); for (let i = 0; i < N; i++) wh.sign('dlv_x', new Date(), body); console.log('pkg cached', ((performance.now() - t) / N * 1000).toFixed(1), 'µs');
const key = Buffer.from(secret.slice(6), 'base64');
t = performance.now(); for (let i = 0; i < N; i++) createHmac('sha256', key).update(`dlv_x.${Math.floor(Date.now() / 1000)}.${body}`).digest('base64'); console.log('node:crypto', ((performance.now() - t) / N * 1000).toFixed(1), 'µs');
