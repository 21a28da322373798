/**
 * Slow and greedy clients cannot hold the server: header, request, idle and keep-alive timeouts and
 * the connection caps, over real sockets with the timeouts set low through the environment. Event
 * streams and large uploads at a normal pace are not cut. The HTTP edge is the same whatever the
 * store, so these run on SQLite only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationWithHook, messagesOf } from '../support/hooks.ts';
import { startNode } from '../support/runtime.ts';
import { openSse } from '../support/sse.ts';
import { assertErrorAnswer } from './contract-errors.ts';
import { parseResponse, rawConnect, requestHead } from './raw-http.ts';

const SLOW = { HOOK_RATE_PER_MINUTE: '100000' };
const jsonHead = (path: string, length: number) => requestHead('POST', path, { 'content-type': 'application/json', 'content-length': length });

test('a body trickling in slower than the request timeout is cut with 408, for every such client at once', async (t) => {
  const node = await startNode(t, 'sqlite', { ...SLOW, HTTP_REQUEST_TIMEOUT_MS: '800', HTTP_HEADERS_TIMEOUT_MS: '400', HTTP_IDLE_TIMEOUT_MS: '60000' }, { listen: true });
  const { path } = await conversationWithHook(node);
  const url = node.config.publicUrl;
  // 1 byte every 50 ms keeps the connection busy, so only the whole-request bound can end it.
  const clients = await Promise.all(Array.from({ length: 20 }, () => rawConnect(url)));
  for (const c of clients) {
    c.write(jsonHead(path, 10_000));
    void c.trickle('x', 50);
  }
  for (const c of clients) {
    const res = parseResponse(await c.closed);
    assert.ok(res, 'an answer before the close');
    assertErrorAnswer(res, 408, 'request_timeout');
    assert.equal(res.headers.connection, 'close');
  }
});

test('headers trickling in slower than the headers timeout are cut with 408', async (t) => {
  const node = await startNode(t, 'sqlite', { ...SLOW, HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '60000', HTTP_IDLE_TIMEOUT_MS: '60000' }, { listen: true });
  const c = await rawConnect(node.config.publicUrl);
  c.write('POST /hook/abc HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  void c.trickle('a', 30);
  const res = parseResponse(await c.closed);
  assert.ok(res, 'an answer before the close');
  assertErrorAnswer(res, 408, 'request_timeout');
});

test('a stalled body is cut by the idle timeout; a body that keeps coming is not', async (t) => {
  const node = await startNode(t, 'sqlite', { ...SLOW, HTTP_IDLE_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '60000' }, { listen: true });
  const { conv, path } = await conversationWithHook(node);
  const url = node.config.publicUrl;

  const body = JSON.stringify({ message: 'arrived slowly but steadily' });
  const steady = await rawConnect(url);
  steady.write(jsonHead(path, Buffer.byteLength(body)));
  // One byte every 40 ms: about 1.2 s in all, four idle timeouts, never 300 ms of silence.
  const sent = steady.trickle(body.slice(0, 1), 40, 1).then(async () => {
    for (const ch of body.slice(1)) await steady.trickle(ch, 40, 1);
  });

  const stalled = await rawConnect(url);
  stalled.write(jsonHead(path, 100) + '{"mess');
  const cut = parseResponse(await stalled.closed);
  assert.ok(cut, 'an answer before the close');
  assertErrorAnswer(cut, 408, 'request_timeout');

  await sent;
  await steady.waitFor('\r\n\r\n{');
  assert.equal(parseResponse(steady.received())?.status, 200, steady.received().toString());
  steady.destroy();
  assert.deepEqual((await messagesOf(node, conv.id)).map((m) => m.body), ['arrived slowly but steadily']);
});

test('an idle keep-alive connection is closed after the keep-alive timeout', async (t) => {
  const node = await startNode(t, 'sqlite', { HTTP_KEEP_ALIVE_TIMEOUT_MS: '200' }, { listen: true });
  const c = await rawConnect(node.config.publicUrl);
  c.write(requestHead('GET', '/healthz'));
  const bytes = await c.closed;
  assert.equal(parseResponse(bytes)?.status, 200, 'answered, then closed by the server while idle');
});

test('an event stream outlives the idle timeout and keeps delivering', async (t) => {
  const node = await startNode(t, 'sqlite', { ...SLOW, HTTP_IDLE_TIMEOUT_MS: '300' }, { listen: true });
  const { conv, path } = await conversationWithHook(node);
  const url = node.config.publicUrl;
  const stream = await openSse(`${url}/api/v1/conversations/${conv.id}/events`, node.auth);
  t.after(() => stream.close());
  // Barrier: a connection opened after the stream, stalled, is cut; so the silent stream has been
  // idle for longer than the idle timeout by then.
  const stalled = await rawConnect(url);
  stalled.write(jsonHead(path, 100));
  await stalled.closed;
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"still streaming"}' });
  assert.equal(res.status, 200);
  const event = await stream.next(5000);
  assert.equal(event.event, 'message.created');
  assert.match(event.data, /still streaming/);
});

test('a 25 MiB file upload at full speed is accepted under a tight idle timeout', async (t) => {
  const node = await startNode(t, 'sqlite', { ...SLOW, HTTP_IDLE_TIMEOUT_MS: '300', HOOK_FILE_LIMIT_BYTES: '25MiB' }, { listen: true });
  const { conv, hook } = await conversationWithHook(node);
  const form = new FormData();
  form.append('message', 'the big one');
  form.append('files', new Blob([Buffer.alloc(25 * 1024 * 1024 - 1024, 7)]), 'big.bin');
  const res = await fetch(hook.url, { method: 'POST', body: form });
  assert.equal(res.status, 200, await res.text());
  const [message] = await messagesOf(node, conv.id);
  assert.equal(message.attachments[0].size, 25 * 1024 * 1024 - 1024);
});

/** Opens `count` connections, each confirmed by an answer, so the server has counted them. */
async function holdConnections(url: string, count: number) {
  const held = [];
  for (let i = 0; i < count; i++) {
    const c = await rawConnect(url);
    c.write(requestHead('GET', '/healthz'));
    await c.waitFor('\r\n\r\n');
    held.push(c);
  }
  return held;
}

test('beyond MAX_CONNECTIONS_PER_ADDRESS a connection gets 503 too_many_connections and is closed; others are served', async (t) => {
  const node = await startNode(t, 'sqlite', { MAX_CONNECTIONS_PER_ADDRESS: '3' }, { listen: true });
  const url = node.config.publicUrl;
  const held = await holdConnections(url, 3);
  const extra = await rawConnect(url);
  extra.write(requestHead('GET', '/healthz'));
  const refused = parseResponse(await extra.closed);
  assert.ok(refused, 'an answer before the close');
  assertErrorAnswer(refused, 503, 'too_many_connections');
  assert.equal(refused.headers.connection, 'close');
  assert.ok(refused.headers['retry-after']);

  // Once one closes, a new connection is served again (the close may take a moment to be counted).
  held.shift()!.destroy();
  for (let attempt = 0; ; attempt++) {
    const again = await rawConnect(url);
    again.write(requestHead('GET', '/healthz'));
    await again.waitFor('\r\n\r\n');
    const status = parseResponse(again.received())?.status;
    again.destroy();
    if (status === 200) break;
    assert.ok(attempt < 50, `still refused after ${attempt} attempts`);
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const c of held) c.destroy();
});

test('beyond MAX_CONNECTIONS a new connection is closed at once, unanswered', async (t) => {
  const node = await startNode(t, 'sqlite', { MAX_CONNECTIONS: '2', MAX_CONNECTIONS_PER_ADDRESS: '0' }, { listen: true });
  const url = node.config.publicUrl;
  const held = await holdConnections(url, 2);
  const extra = await rawConnect(url);
  extra.write(requestHead('GET', '/healthz'));
  assert.equal((await extra.closed).length, 0, 'closed without an answer');
  for (const c of held) c.destroy();
});
