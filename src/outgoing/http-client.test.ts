import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { subscribe } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { setImmediate } from 'node:timers/promises';
import type { AddressInfo, LookupFunction, Socket } from 'node:net';
import { parseCidrList } from './address-guard.ts';
import { createHttpClient, OutgoingRequestError } from './http-client.ts';

// Tripwire: record every TCP connection attempt this process makes, and throw (which aborts the
// connect before the syscall) for anything but loopback, so a broken guard cannot send a packet.
const attempts: string[] = [];
subscribe('net.client.socket', (message) => {
  const { socket } = message as { socket: Socket };
  socket.on('connectionAttempt', (address: string) => {
    attempts.push(address);
    if (address !== '127.0.0.1' && address !== '::1' && !address.startsWith('127.')) {
      throw new Error(`tripwire: connection attempt to ${address}`);
    }
  });
});

let server: Server;
let base = '';
let connections = 0;
let redirectTargetHits = 0;
/** emits a stalled path once the client has given up on it (its connection closed) */
const stalled = new EventEmitter();

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') return void res.end(JSON.stringify({ text: 'hi', method: req.method, sig: req.headers['webhook-id'] }));
    if (req.url === '/big') return void res.end('x'.repeat(1_000_000));
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/target' }).end();
    if (req.url === '/target') redirectTargetHits++;
    if (req.url === '/stall-headers' || req.url === '/stall-body') res.on('close', () => stalled.emit(req.url!));
    if (req.url === '/stall-headers') return; // never answers
    if (req.url === '/stall-body') return void res.writeHead(200).write('partial'); // never ends
    res.end('ok');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const allowedNets = parseCidrList('127.0.0.1/32');
const client = createHttpClient({ allowedNets, timeoutMs: 2000, maxResponseBytes: 1024 });
after(() => client.close());

function fixedLookup(answer: string, calls: string[]): LookupFunction {
  return (hostname, options, callback) => {
    calls.push(hostname);
    const family = answer.includes(':') ? 6 : 4;
    if (options.all) callback(null, [{ address: answer, family }]);
    else callback(null, answer, family);
  };
}

async function rejection(promise: Promise<unknown>): Promise<OutgoingRequestError> {
  const err = await promise.then(() => assert.fail('expected a rejection'), (e: unknown) => e);
  assert.ok(err instanceof OutgoingRequestError, `not an OutgoingRequestError: ${String(err)}`);
  return err;
}

test('reads a 200 body and reuses the connection', async () => {
  const before = connections;
  for (let i = 0; i < 3; i++) {
    const res = await client.send({ method: 'POST', url: `${base}/ok`, headers: { 'webhook-id': 'dlv_1' }, body: '{}' });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { text: 'hi', method: 'POST', sig: 'dlv_1' });
    assert.equal(res.truncated, false);
    assert.ok(res.durationMs >= 0);
    // undici frees the socket a tick after the body ends; a request sent in that same tick opens a second one
    await setImmediate();
  }
  assert.equal(connections - before, 1);
});

test('an oversized response is truncated to maxResponseBytes', async () => {
  const res = await client.send({ method: 'GET', url: `${base}/big`, headers: {} });
  assert.equal(res.status, 200);
  assert.equal(res.body, 'x'.repeat(1024));
  assert.equal(res.truncated, true);
});

test('a redirect is returned, not followed', async () => {
  const res = await client.send({ method: 'POST', url: `${base}/redirect`, headers: {}, body: '' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.location, '/target');
  assert.equal(redirectTargetHits, 0);
});

// The server would stall forever: only the client's own timeout can end these (the test's timeout
// is a backstop for a client that never gives up, not a figure being measured).
for (const path of ['/stall-headers', '/stall-body']) {
  test(`a slow server times out (${path})`, { timeout: 30_000 }, async () => {
    const quick = createHttpClient({ allowedNets, timeoutMs: 300, maxResponseBytes: 1024 });
    const abandoned = new Promise<void>((resolve) => stalled.once(path, resolve));
    const started = performance.now();
    const err = await rejection(quick.send({ method: 'POST', url: `${base}${path}`, headers: {}, body: '{}' }));
    // A lower bound only (a slow machine is late, never early): it waited for its timeout (timers may round by a few ms).
    assert.ok(performance.now() - started >= 290, 'gave up before its timeout');
    assert.equal(err.code, 'timeout');
    assert.equal(err.message, 'no complete response within 300 ms', 'the timeout is the one this client was given');
    await abandoned; // the request's connection was closed, not left hanging on the server
    await quick.close();
  });
}

const refusedTargets = [
  { name: '127.0.0.2 (only 127.0.0.1/32 is allowed)', url: () => base.replace('127.0.0.1', '127.0.0.2'), address: '127.0.0.2' },
  { name: '[::1]', url: () => base.replace('127.0.0.1', '[::1]'), address: '::1' },
];
for (const target of refusedTargets) {
  test(`refuses ${target.name}`, async () => {
    const err = await rejection(client.send({ method: 'POST', url: `${target.url()}/ok`, headers: {}, body: '{}' }));
    assert.equal(err.code, 'forbidden_address');
    assert.match(err.message, new RegExp(target.address.replace(/\./g, '\\.')));
  });
}

test('a hostname resolving to 10.0.0.1 is refused in the lookup, before any connection attempt', async () => {
  const calls: string[] = [];
  const guarded = createHttpClient({ allowedNets, timeoutMs: 2000, maxResponseBytes: 1024, lookup: fixedLookup('10.0.0.1', calls) });
  const attemptsBefore = attempts.length;
  const err = await rejection(guarded.send({ method: 'POST', url: 'http://internal.example.test/ok', headers: {}, body: '{}' }));
  assert.equal(err.code, 'forbidden_address');
  assert.match(err.message, /10\.0\.0\.1.*internal\.example\.test/);
  assert.deepEqual(calls, ['internal.example.test']);
  assert.deepEqual(attempts.slice(attemptsBefore), []);
  await guarded.close();
});

test('a hostname resolving to an allowed 127.0.0.1 works', async () => {
  const calls: string[] = [];
  const guarded = createHttpClient({ allowedNets, timeoutMs: 2000, maxResponseBytes: 1024, lookup: fixedLookup('127.0.0.1', calls) });
  const res = await guarded.send({ method: 'POST', url: base.replace('127.0.0.1', 'hooks.example.test') + '/ok', headers: {}, body: '{}' });
  assert.equal(res.status, 200);
  assert.deepEqual(calls, ['hooks.example.test']);
  await guarded.close();
});

test('without allowed nets even the local server is refused', async () => {
  const strict = createHttpClient({ allowedNets: [], timeoutMs: 2000, maxResponseBytes: 1024 });
  assert.equal((await rejection(strict.send({ method: 'GET', url: `${base}/ok`, headers: {} }))).code, 'forbidden_address');
  await strict.close();
});

for (const url of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'not a url']) {
  test(`rejects non-http URL ${url}`, async () => {
    assert.equal((await rejection(client.send({ method: 'GET', url, headers: {} }))).code, 'invalid_url');
  });
}

test('a closed port is a network error', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const err = await rejection(client.send({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }));
  assert.equal(err.code, 'network_error');
});
