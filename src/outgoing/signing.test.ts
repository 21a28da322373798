import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { generateSecret, signHeaders } from './signing.ts';

interface Vector { name: string; secrets: string[]; id: string; timestamp: number; body: string; signature: string }
// Computed once with the `standardwebhooks` package; the first is the spec's published example.
const vectors = JSON.parse(readFileSync(new URL('./signing.vectors.json', import.meta.url), 'utf8')) as Vector[];

for (const v of vectors) {
  test(`vector: ${v.name}`, () => {
    const headers = signHeaders({ id: v.id, timestamp: new Date(v.timestamp * 1000), body: v.body, secrets: v.secrets });
    assert.deepEqual(headers, {
      'webhook-id': v.id,
      'webhook-timestamp': String(v.timestamp),
      'webhook-signature': v.signature,
    });
  });
}

test('generateSecret: whsec_ + base64 of at least 24 bytes, different every time', () => {
  const a = generateSecret();
  const b = generateSecret();
  assert.match(a, /^whsec_[A-Za-z0-9+/]+=*$/);
  assert.ok(Buffer.from(a.slice('whsec_'.length), 'base64').length >= 24);
  assert.notEqual(a, b);
});

test('every secret of a rotation overlap verifies with the package', () => {
  const secrets = [generateSecret(), generateSecret()];
  const body = JSON.stringify({ type: 'message.created', data: { text: 'hello' } });
  const headers = signHeaders({ id: 'dlv_123', timestamp: new Date(), body, secrets });
  assert.equal(headers['webhook-signature'].split(' ').length, 2);
  for (const secret of secrets) {
    assert.deepEqual(new Webhook(secret).verify(body, { ...headers }), { type: 'message.created', data: { text: 'hello' } });
  }
});

test('a tampered body, a foreign secret or a stale timestamp fail verification', () => {
  const secret = generateSecret();
  const body = '{"a":1}';
  const fresh = signHeaders({ id: 'dlv_1', timestamp: new Date(), body, secrets: [secret] });
  assert.throws(() => new Webhook(secret).verify('{"a":2}', { ...fresh }), /No matching signature/);
  assert.throws(() => new Webhook(generateSecret()).verify(body, { ...fresh }), /No matching signature/);
  const stale = signHeaders({ id: 'dlv_1', timestamp: new Date(Date.now() - 10 * 60_000), body, secrets: [secret] });
  assert.throws(() => new Webhook(secret).verify(body, { ...stale }), /too old/);
});

test('signing without a secret is refused', () => {
  assert.throws(() => signHeaders({ id: 'x', timestamp: new Date(), body: '', secrets: [] }), /at least one secret/);
});
