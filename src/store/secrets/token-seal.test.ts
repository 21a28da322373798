import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../config.ts';
import { parseSecretKey } from '../../lib/secret-key-format.ts';
import { isSealed, keyCheck, TokenSeal } from './token-seal.ts';

const KEY = randomBytes(32);

test('a sealed token opens with its key to the same token; every seal differs (random IV)', () => {
  const seal = new TokenSeal(KEY, 'config');
  const token = 'rT0kXq9vL2mN5bC8dF1gHj';
  const a = seal.seal(token);
  const b = seal.seal(token);
  assert.match(a, /^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
  assert.notEqual(a, b);
  assert.ok(!a.includes(token));
  assert.equal(seal.open(a), token);
  assert.equal(seal.open(b), token);
  assert.ok(isSealed(a) && !isSealed(token));
  assert.deepEqual(Object.keys(seal.columns(token)), ['token_hash', 'token_sealed']);
  assert.match(seal.columns(token).token_hash, /^[0-9a-f]{64}$/);
});

test('another key, an altered value or another format does not open', () => {
  const sealed = new TokenSeal(KEY, 'config').seal('rT0kXq9vL2mN5bC8dF1gHj');
  assert.throws(() => new TokenSeal(randomBytes(32), 'config').open(sealed));
  const [v, iv, tag, ct] = sealed.split('.');
  const flipped = Buffer.from(ct, 'base64url');
  flipped[0] ^= 1;
  const cases = [
    `${v}.${iv}.${tag}.${flipped.toString('base64url')}`,
    `${v}.${iv}.${Buffer.alloc(16).toString('base64url')}.${ct}`,
    `v2.${iv}.${tag}.${ct}`,
    `${v}.${iv}.${tag}`,
    'rT0kXq9vL2mN5bC8dF1gHj',
  ];
  for (const value of cases) assert.throws(() => new TokenSeal(KEY, 'config').open(value), value);
});

test('the key check tells keys apart without being the key', () => {
  assert.equal(keyCheck(KEY), keyCheck(Buffer.from(KEY)));
  assert.notEqual(keyCheck(KEY), keyCheck(randomBytes(32)));
  assert.ok(!keyCheck(KEY).includes(KEY.toString('base64url')));
});

test('SWITCHBOARD_SECRET_KEY must be 32 bytes of base64', () => {
  const good = randomBytes(32);
  for (const text of [good.toString('base64'), good.toString('base64').replace(/=$/, ''), good.toString('base64url'), ` ${good.toString('base64')}\n`]) {
    assert.deepEqual(parseSecretKey(text), good, text);
  }
  for (const text of ['', 'secret', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), `${good.toString('base64').slice(0, 42)}!=`]) {
    assert.equal(parseSecretKey(text), null, text);
  }
  assert.throws(() => loadConfig({ SWITCHBOARD_SECRET_KEY: 'not-a-key' }), /SWITCHBOARD_SECRET_KEY must be 32 bytes in base64/);
  assert.throws(() => loadConfig({ SWITCHBOARD_SECRET_KEY: randomBytes(24).toString('base64') }), /SWITCHBOARD_SECRET_KEY/);
  assert.equal(loadConfig({ SWITCHBOARD_SECRET_KEY: good.toString('base64') }).secretKey, good.toString('base64'));
  assert.equal(loadConfig({}).secretKey, '');
});
