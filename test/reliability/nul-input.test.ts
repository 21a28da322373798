/**
 * U+0000 (NUL) in every place a request carries text, on both engines. PostgreSQL cannot store it
 * (it answered 500 and logged a stack, and the failed write cost its whole batch a retry); the edge
 * now deals with it the same way on both (src/core/storable-text.ts): stripped from what machines
 * post to hook and bridge URLs, refused with 400 `invalid_text` by the REST API, 404 in a path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBridge, gatewayPost, supportConversations } from '../support/bridges.ts';
import { ENGINES } from '../support/engines.ts';
import { conversationWithHook, messagesOf } from '../support/hooks.ts';
import { startNode, type TestNode } from '../support/runtime.ts';
import { parseResponse, rawConnect, requestHead } from './raw-http.ts';

const NUL = '\u0000';

interface World {
  node: TestNode;
  convId: string;
  hookPath: string;
  bridgePath: string;
}

interface Answer {
  status: number;
  body: string;
}

interface Case {
  name: string;
  send: (w: World) => Promise<Answer>;
  status: number;
  /** the error code, for error answers */
  code?: string;
  /** what was stored, read back after the answer: it has no NUL */
  stored?: (w: World) => Promise<void>;
}

const json = (payload: unknown) => ({ 'content-type': 'application/json', payload: JSON.stringify(payload) });
const form = (payload: string) => ({ 'content-type': 'application/x-www-form-urlencoded', payload });

/** A multipart body by hand: FormData would not send a NUL in a file name as is. */
function multipart(parts: { name: string; value: string; filename?: string; type?: string }[]) {
  const boundary = 'nulBoundary5c2a';
  const body = parts
    .map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n${p.value}\r\n`)
    .join('');
  return { 'content-type': `multipart/form-data; boundary=${boundary}`, payload: Buffer.from(`${body}--${boundary}--\r\n`) };
}

async function send(w: World, method: string, url: string, body?: { 'content-type': string; payload: string | Buffer }, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await w.node.app.inject({
    method: method as 'POST',
    url,
    headers: { ...headers, ...(body ? { 'content-type': body['content-type'] } : {}) },
    payload: body?.payload,
  });
  return { status: res.statusCode, body: res.body };
}

const hook = (body: { 'content-type': string; payload: string | Buffer }, query = '', headers?: Record<string, string>) => (w: World) => send(w, 'POST', `${w.hookPath}${query}`, body, headers);
const api = (method: string, url: (w: World) => string, body?: { 'content-type': string; payload: string | Buffer }, auth = true) => (w: World) =>
  send(w, method, url(w), body, auth ? w.node.auth : {});

async function lastMessage(w: World) {
  const messages = await messagesOf(w.node, w.convId);
  return messages.at(-1)!;
}

const cases: Case[] = [
  // Hook URLs: machines post there, and the message is kept without the NUL.
  {
    name: 'hook: JSON message and user',
    send: hook(json({ message: `disk${NUL} full`, user: `Mon${NUL}itor` })),
    status: 200,
    stored: async (w) => {
      const m = await lastMessage(w);
      assert.deepEqual([m.body, m.sender.name], ['disk full', 'Monitor']);
    },
  },
  {
    name: 'hook: form fields',
    send: hook(form('message=form%00 post&user=cu%00rl')),
    status: 200,
    stored: async (w) => {
      const m = await lastMessage(w);
      assert.deepEqual([m.body, m.sender.name], ['form post', 'curl']);
    },
  },
  {
    name: 'hook: Emakin id',
    send: hook(json({ text: 'event one', id: `ev${NUL}1` })),
    status: 200,
    stored: async (w) => {
      const cases = (await w.node.app.inject({ url: `/api/v1/conversations/${w.convId}/cases`, headers: w.node.auth })).json().cases;
      assert.ok(cases.some((c: { external_id: string }) => c.external_id === 'ev1'), JSON.stringify(cases));
      // The stripped id is the case's id: a repeat without the NUL is the same case.
      const again = await hook(json({ text: 'event one again', id: 'ev1' }))(w);
      assert.deepEqual([again.status, JSON.parse(again.body).result], [200, 'already reported']);
    },
  },
  {
    name: 'hook: Emakin attachment names and URLs',
    send: hook(json({ text: 'with links', id: 'ev2', attachments: [{ '@type': 'link', displayName: `re${NUL}port`, url: `https://example.com/r${NUL}.pdf` }, { '@type': 'file', displayName: `lo${NUL}g`, ext: `t${NUL}xt`, url: 'https://example.com/log' }] })),
    status: 200,
    stored: async (w) => {
      const m = await lastMessage(w);
      assert.deepEqual(m.attachments.map((a) => [a.name, a.url]), [['report', 'https://example.com/r.pdf'], ['log.txt', 'https://example.com/log']]);
    },
  },
  {
    name: 'hook: Slack JSON inside a form field',
    send: hook(form(`payload=${encodeURIComponent(JSON.stringify({ text: `embedded${NUL} text`, username: `sl${NUL}ack` }))}`)),
    status: 200,
    stored: async (w) => {
      const m = await lastMessage(w);
      assert.deepEqual([m.body, m.sender.name], ['embedded text', 'slack']);
    },
  },
  {
    name: 'hook: multipart field value and file name',
    send: hook(multipart([{ name: 'message', value: `multi${NUL}part` }, { name: 'files', value: 'bytes', filename: `rep${NUL}ort.txt`, type: `text/pl${NUL}ain` }])),
    status: 200,
    stored: async (w) => {
      const m = await lastMessage(w);
      assert.deepEqual([m.body, m.attachments[0]?.name, m.attachments[0]?.content_type], ['multipart', 'report.txt', 'text/plain']);
    },
  },
  {
    name: 'hook: Discord payload_json part',
    send: hook(multipart([{ name: 'payload_json', value: JSON.stringify({ content: `dis${NUL}cord`, username: `b${NUL}ot` }) }])),
    status: 204,
    stored: async (w) => {
      const m = await lastMessage(w);
      assert.deepEqual([m.body, m.sender.name], ['discord', 'bot']);
    },
  },
  {
    name: 'hook: query string',
    send: hook(json({ message: 'chosen dialect' }), '?dialect=fle%00ep'),
    status: 200,
    stored: async (w) => assert.equal((await lastMessage(w)).body, 'chosen dialect'),
  },
  { name: 'hook: a NUL token', send: (w) => send(w, 'POST', '/hook/%00', json({ message: 'x' })), status: 404, code: 'not_found' },
  { name: 'hook: a real token with a NUL after it', send: (w) => send(w, 'POST', `${w.hookPath}%00`, json({ message: 'x' })), status: 404, code: 'not_found' },
  { name: 'hook: Idempotency-Key with a NUL (in process)', send: hook(json({ message: 'x' }), '', { 'idempotency-key': `k${NUL}1` }), status: 400, code: 'malformed_request' },

  // Bridge URLs: gateways post there, the payload is kept without the NUL.
  {
    name: 'bridge: payload',
    send: (w) => send(w, 'POST', w.bridgePath, json(gatewayPost({ id: `m${NUL}1`, text: `hel${NUL}lo`, chat: { id: `chat${NUL}-1`, name: `An${NUL}na` } }))),
    status: 200,
    stored: async (w) => {
      const [conv] = await supportConversations(w.node);
      assert.deepEqual([conv.contact.external_id, conv.contact.name], ['chat-1', 'Anna']);
      const [m] = await messagesOf(w.node, conv.id);
      assert.equal(m.body, 'hello');
    },
  },
  { name: 'bridge: a NUL token', send: (w) => send(w, 'POST', '/bridge/%00', json({})), status: 404, code: 'not_found' },

  // The REST API: the caller is told which field.
  { name: 'REST: conversation title', send: api('POST', () => '/api/v1/conversations', json({ title: `T${NUL}` })), status: 400, code: 'invalid_text' },
  { name: 'REST: conversation title in a PATCH', send: api('PATCH', (w) => `/api/v1/conversations/${w.convId}`, json({ title: `T${NUL}` })), status: 400, code: 'invalid_text' },
  { name: 'REST: message body', send: api('POST', (w) => `/api/v1/conversations/${w.convId}/messages`, json({ body: `hi${NUL}` })), status: 400, code: 'invalid_text' },
  { name: 'REST: multipart message body', send: api('POST', (w) => `/api/v1/conversations/${w.convId}/messages`, multipart([{ name: 'body', value: `hi${NUL}` }])), status: 400, code: 'invalid_text' },
  { name: 'REST: multipart file name', send: api('POST', (w) => `/api/v1/conversations/${w.convId}/messages`, multipart([{ name: 'body', value: 'hi' }, { name: 'files', value: 'b', filename: `a${NUL}.txt` }])), status: 400, code: 'invalid_text' },
  { name: 'REST: hook name', send: api('POST', (w) => `/api/v1/conversations/${w.convId}/hooks`, json({ name: `h${NUL}` })), status: 400, code: 'invalid_text' },
  { name: 'REST: a key holding a NUL', send: api('POST', () => '/api/v1/conversations', json({ title: 'ok', [`ti${NUL}tle`]: 'x' })), status: 400, code: 'invalid_text' },
  { name: 'REST: Dashly reply, form body', send: api('POST', (w) => `/api/v1/conversations/${w.convId}/reply`, form('body=bot%00reply')), status: 400, code: 'invalid_text' },
  { name: 'REST: Dashly reply, JSON body', send: api('POST', (w) => `/api/v1/conversations/${w.convId}/reply`, json({ body: `bot${NUL}` })), status: 400, code: 'invalid_text' },
  { name: 'REST: query string', send: api('GET', (w) => `/api/v1/conversations/${w.convId}/messages?before=%00`), status: 400, code: 'invalid_text' },
  { name: 'REST: ?auth_token= with a NUL', send: api('POST', (w) => `/api/v1/conversations/${w.convId}/reply?auth_token=%00`, json({ body: 'x' }), false), status: 401, code: 'unauthorized' },
  { name: 'REST: a NUL id in the path', send: api('GET', () => '/api/v1/conversations/%00'), status: 404, code: 'not_found' },
  { name: 'REST: a NUL in a file name in the path', send: api('GET', () => '/api/v1/files/x/%00'), status: 404, code: 'not_found' },
  { name: 'REST: sign-in email, without credentials', send: api('POST', () => '/api/v1/session', json({ email: `a${NUL}@example.test`, password: 'password123' }), false), status: 400, code: 'invalid_text' },
];

for (const engine of ENGINES) {
  test(`${engine}: NUL anywhere in a request is never a 5xx: stripped at hook and bridge URLs, refused by the API, 404 in a path`, async (t) => {
    const node = await startNode(t, engine, {}, { listen: true });
    const { conv, path } = await conversationWithHook(node);
    const bridge = await createBridge(node);
    const w: World = { node, convId: conv.id, hookPath: path, bridgePath: new URL(bridge.url).pathname };
    for (const c of cases) {
      const res = await c.send(w);
      assert.equal(res.status, c.status, `${c.name}: ${res.body}`);
      if (c.code) {
        const error = JSON.parse(res.body).error;
        assert.equal(error.code, c.code, `${c.name}: ${res.body}`);
        if (c.code === 'invalid_text') assert.match(error.message, /U\+0000/, c.name);
      }
      await c.stored?.(w);
    }
    // The field is named, as a schema error would name it.
    const title = await api('POST', () => '/api/v1/conversations', json({ title: `T${NUL}` }))(w);
    assert.match(JSON.parse(title.body).error.message, /^title: /);
    const query = await api('GET', (w) => `/api/v1/conversations/${w.convId}/messages?before=%00`)(w);
    assert.match(JSON.parse(query.body).error.message, /^query\.before: /);

    // Over a real socket Node's parser refuses a NUL in a header before the app sees it.
    const c = await rawConnect(node.config.publicUrl);
    c.write(`${requestHead('POST', path, { 'content-type': 'application/json', 'content-length': 2 }).replace('\r\n\r\n', `\r\nIdempotency-Key: a${NUL}b\r\n\r\n`)}{}`);
    const raw = parseResponse(await c.closed);
    assert.equal(raw?.status, 400);

    // Nothing stored holds a NUL (SQLite would have kept one; PostgreSQL refused it).
    const stored = await node.ctx.store.db.selectFrom('messages').select(['body', 'sender_name']).execute();
    assert.ok(stored.length >= 8);
    assert.ok(stored.every((m) => !`${m.body}${m.sender_name}`.includes(NUL)), JSON.stringify(stored));
  });
}
