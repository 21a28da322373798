/**
 * The example bots, each run as its own process and receiving real deliveries over HTTP:
 * the Python dictionary bot (dashly format in, reply API out) and the TypeScript echo bot
 * (fleep format in, signature verified, reply_url or an answer in the response out).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { messagesOf } from '../support/hooks.ts';
import { startNode, type TestNode } from '../support/runtime.ts';
import { waitForDeliveries } from '../support/webhooks.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ALLOW_LOOPBACK = { OUTGOING_ALLOWED_NETS: '127.0.0.1/32', DELIVERY_RETRY_SCHEDULE: '0s,200ms,500ms' };

/** Starts a bot process and waits for the JSON line with its URL. */
async function startBot(t: TestContext, command: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${out}`)));
  });
}

async function conversationWithWebhook(node: TestNode, url: string, format: string) {
  const conv = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Help desk' } })).json();
  const res = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/webhooks`, headers: node.auth, payload: { url, format } });
  assert.equal(res.statusCode, 201, res.body);
  return { conv, webhook: res.json() };
}

async function waitForMessages(node: TestNode, conversationId: string, count: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await messagesOf(node, conversationId);
    if (messages.length >= count) return messages;
    if (Date.now() > deadline) throw new Error(`expected ${count} messages, have ${messages.map((m) => m.body).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const say = (node: TestNode, conversationId: string, body: string) =>
  node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/messages`, headers: node.auth, payload: { body } });

test('the Python dictionary bot answers through the reply API', async (t) => {
  const node = await startNode(t, 'sqlite', ALLOW_LOOPBACK, { listen: true });
  const key = (await node.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: node.auth, payload: { name: 'Dictionary bot' } })).json();
  const python = process.env.PYTHON ?? 'python3';
  // The bot learns its webhook secret after the webhook exists; it is started with it.
  const conv = (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title: 'Help desk' } })).json();
  const placeholder = await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/webhooks`, headers: node.auth, payload: { url: 'http://127.0.0.1:9/', format: 'dashly' } });
  const webhook = placeholder.json();
  await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { status: 'paused' } });
  const botUrl = await startBot(t, python, ['examples/dictionary-bot/bot.py'], { SWITCHBOARD_URL: node.config.publicUrl, SWITCHBOARD_TOKEN: key.token, WEBHOOK_TOKEN: webhook.secret });
  await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { url: botUrl, status: 'active' } });

  await say(node, conv.id, 'Hello, how are you?');
  const messages = await waitForMessages(node, conv.id, 2);
  assert.deepEqual(messages.map((m) => [m.sender.type, m.sender.name, m.body]), [
    ['user', 'Admin', 'Hello, how are you?'],
    ['bot', 'Dictionary bot', 'Hey, great!'],
  ]);
  await say(node, conv.id, 'nothing the bot knows');
  // A marker the bot does answer: its webhook's deliveries go out in order, and the bot sends each
  // answer as soon as it has acknowledged the delivery, so any answer to the lines above (its own
  // reply included) would be written before the marker's.
  await say(node, conv.id, 'Hello, how are you?');
  const later = await waitForMessages(node, conv.id, 5);
  assert.deepEqual(later.slice(2).map((m) => [m.sender.type, m.body]), [['user', 'nothing the bot knows'], ['user', 'Hello, how are you?'], ['bot', 'Hey, great!']], 'no answer, and the bot’s own reply was not answered');
  assert.equal(later.length, 5);
});

for (const mode of ['reply_url', 'response'] as const) {
  test(`the TypeScript echo bot answers through ${mode === 'reply_url' ? 'the reply_url' : 'its response'}, verifying signatures`, async (t) => {
    const node = await startNode(t, 'sqlite', ALLOW_LOOPBACK, { listen: true });
    const { conv, webhook } = await conversationWithWebhook(node, 'http://127.0.0.1:9/', 'fleep');
    await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { status: 'paused' } });
    const botUrl = await startBot(t, process.execPath, ['examples/echo-bot/echo-bot.ts'], { WEBHOOK_SECRET: webhook.secret, REPLY_MODE: mode });
    await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { url: botUrl, status: 'active' } });

    await say(node, conv.id, 'ping <b>&</b> pong');
    const messages = await waitForMessages(node, conv.id, 2);
    assert.equal(messages[1].body, 'echo: ping <b>&</b> pong');
    assert.equal(messages[1].sender.type, mode === 'reply_url' ? 'hook' : 'bot');
    if (mode === 'reply_url') assert.equal(messages[1].sender.name, 'Echo bot');
    // The echo is stored, so every delivery it makes is in the log (written in its transaction): the
    // bot's is not, so the bot never receives its echo and cannot answer it.
    const deliveries = await waitForDeliveries(node, webhook.id, (ds) => ds.every((d) => d.status === 'delivered'));
    assert.deepEqual(deliveries.map((d) => d.status), ['delivered'], 'only the first message went to the bot');
    assert.equal((await messagesOf(node, conv.id)).length, 2, 'the echo is not delivered back to the bot');

    // A delivery signed with another secret is refused by the bot (the verification is real).
    const forged = await fetch(botUrl, { method: 'POST', headers: { 'webhook-id': 'msg_x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' }, body: '{}' });
    assert.equal(forged.status, 401);
  });
}
