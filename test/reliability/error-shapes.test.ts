/**
 * Every error answer has the contract's body `{"error": {"code", "message"}}`, including those Node's
 * HTTP server and Fastify's router give before any route runs, and the 503 of a node shutting down.
 * Over real sockets, because light-my-request never reaches Node's parser. The HTTP edge is the same
 * whatever the store, so these run on SQLite only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { conversationWithHook } from '../support/hooks.ts';
import { startNode } from '../support/runtime.ts';
import { assertErrorAnswer } from './contract-errors.ts';
import { parseResponse, rawConnect, requestHead } from './raw-http.ts';

/** Sends `bytes` on a fresh connection and reads the one answer before the server closes it. */
async function exchange(url: string, bytes: string | Buffer, keepOpen = false) {
  const c = await rawConnect(url);
  c.write(bytes);
  if (keepOpen) {
    await c.waitFor('\r\n\r\n');
    // Content-Length bodies are complete soon after the head; give the parser the full answer.
    for (let i = 0; i < 50 && !fullAnswer(c.received()); i++) await new Promise((r) => setTimeout(r, 10));
    c.destroy();
    return parseResponse(c.received());
  }
  return parseResponse(await c.closed);
}

function fullAnswer(bytes: Buffer): boolean {
  const res = parseResponse(bytes);
  return res !== null && Buffer.byteLength(res.body) >= Number(res.headers['content-length'] ?? 0);
}

test('errors Node and Fastify answer before any route runs have the contract body', async (t) => {
  const node = await startNode(t, 'sqlite', { HTTP_HEADERS_TIMEOUT_MS: '300' }, { listen: true });
  const url = node.config.publicUrl;
  const { path } = await conversationWithHook(node);
  const cases: { name: string; bytes: string | Buffer; status: number; code: string; keepOpen?: boolean }[] = [
    { name: 'headers over 16 KiB', bytes: requestHead('GET', '/api/v1/me', { 'x-big': 'a'.repeat(20_000) }), status: 431, code: 'headers_too_large' },
    { name: 'a URL over 16 KiB', bytes: requestHead('GET', `/api/v1/conversations?q=${'a'.repeat(20_000)}`), status: 431, code: 'headers_too_large' },
    { name: 'not HTTP at all', bytes: 'HELLO THERE\r\n\r\n', status: 400, code: 'malformed_request' },
    { name: 'a header with a NUL', bytes: 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\n\r\n', status: 400, code: 'malformed_request' },
    { name: 'two different Content-Lengths', bytes: 'POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd', status: 400, code: 'malformed_request' },
    { name: 'Content-Length and chunked', bytes: 'POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', status: 400, code: 'malformed_request' },
    { name: 'a bogus Content-Length', bytes: 'POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n', status: 400, code: 'malformed_request' },
    { name: 'a broken chunk', bytes: `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, status: 400, code: 'malformed_request' },
    { name: 'HTTP/2 preface', bytes: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', status: 400, code: 'malformed_request' },
    { name: 'CONNECT', bytes: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', status: 400, code: 'malformed_request' },
    { name: 'headers never finished', bytes: 'GET /api/v1/me HTTP/1.1\r\nHost: x\r\n', status: 408, code: 'request_timeout' },
    { name: 'no Host header', bytes: 'GET /healthz HTTP/1.1\r\n\r\n', status: 400, code: 'malformed_request', keepOpen: true },
    { name: 'an Expect other than 100-continue', bytes: requestHead('POST', '/api/v1/conversations', { expect: 'teapot', 'content-length': 2 }) + '{}', status: 417, code: 'expectation_failed', keepOpen: true },
    { name: 'a path parameter over maxParamLength', bytes: requestHead('GET', `/api/v1/conversations/${'a'.repeat(300)}`), status: 414, code: 'uri_too_long', keepOpen: true },
    { name: 'a hook token over maxParamLength', bytes: requestHead('POST', `/hook/${'t'.repeat(300)}`, { 'content-length': 0 }), status: 414, code: 'uri_too_long', keepOpen: true },
    { name: 'a bad percent-encoding in a path parameter', bytes: requestHead('GET', '/api/v1/conversations/%zz%'), status: 400, code: 'malformed_url', keepOpen: true },
    { name: 'a bad percent-encoding in a hook token', bytes: requestHead('POST', '/hook/%E0%A4%A', { 'content-length': 0 }), status: 400, code: 'malformed_url', keepOpen: true },
  ];
  for (const c of cases) {
    const res = await exchange(url, c.bytes, c.keepOpen);
    assert.ok(res, `${c.name}: an answer`);
    assertErrorAnswer(res, c.status, c.code);
    if (!c.keepOpen) assert.equal(res.headers.connection, 'close', c.name);
  }
  // And the node still serves.
  assert.equal((await fetch(`${url}/healthz`)).status, 200);
});

test('a request that arrives while the node shuts down gets 503 shutting_down in the contract body', async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const url = node.config.publicUrl;
  let serverSide: Socket | null = null;
  node.app.server.once('connection', (socket: Socket) => (serverSide = socket));
  const c = await rawConnect(url);
  // Half a request: the connection is busy (not idle), so the stop does not just close it.
  const head = 'GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n';
  c.write(head);
  for (let i = 0; i < 500 && (serverSide as Socket | null)?.bytesRead !== head.length; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal((serverSide as Socket | null)?.bytesRead, head.length, 'the server has read the half request');

  const stopped = node.app.close();
  c.write(`authorization: ${node.auth.authorization}\r\n\r\n`);
  const res = parseResponse(await c.closed);
  await stopped;
  assert.ok(res, 'an answer before the close');
  assertErrorAnswer(res, 503, 'shutting_down');
  assert.equal(res.headers.connection, 'close');
});
