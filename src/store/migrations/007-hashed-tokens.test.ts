/**
 * Migration 007 on a database made with the pre-007 schema, holding plaintext hook and bridge
 * tokens: after a start every old URL still works (posting, listing, a webhook's reply_url), a
 * deleted hook's URL stays dead, and no row holds a token any more. On PostgreSQL two nodes start
 * at once on that database, racing to migrate, pick the key and seal the same rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { ENGINES, type EngineName } from '../../../test/support/engines.ts';
import { GENERIC_MAPPING, gatewayPost } from '../../../test/support/bridges.ts';
import { freshDatabase, startNode, type TestNode } from '../../../test/support/runtime.ts';
import { newToken } from '../../lib/ids.ts';
import { openNodeSqlite } from '../sqlite/node-sqlite-database.ts';
import { migrationProvider } from './index.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A database migrated only up to 006, as a pre-007 release left it. */
// `any`: the pre-007 tables are not the current Database type.
async function openPre007(engine: EngineName, env: Record<string, string>): Promise<Kysely<any>> {
  const db = engine === 'sqlite'
    ? new Kysely<any>({ dialect: new SqliteDialect({ database: openNodeSqlite(path.join(env.DATA_DIR, 'switchboard.db')).kysely }) })
    : new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: env.DATABASE_URL }) }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('006-rate-counts');
  if (error) throw error;
  return db;
}

/** A user with an API key, a conversation with a live hook, a deleted hook, a fleep webhook's reply hook, and a bridge. */
async function seedPlaintext(db: Kysely<any>) {
  const at = Date.now();
  const t = { live: newToken(16), deleted: newToken(16), reply: newToken(16), bridge: newToken(16), apiKey: `sb_${newToken(32)}` };
  await db.insertInto('users').values({ id: 'usr_old', email: 'old@example.test', name: 'Old admin', role: 'admin', password_hash: null, created_at: at }).execute();
  await db.insertInto('api_keys').values({ id: 'key_old', user_id: 'usr_old', name: 'old key', prefix: t.apiKey.slice(0, 11), token_hash: sha256(t.apiKey), conversation_ids: null, created_at: at, revoked_at: null }).execute();
  await db.insertInto('conversations').values({ id: 'cnv_old', title: 'Before 007', kind: 'team', status: 'open', created_by: 'usr_old', last_seq: 0, created_at: at, updated_at: at }).execute();
  await db.insertInto('members').values({ conversation_id: 'cnv_old', user_id: 'usr_old', created_at: at }).execute();
  const hook = (id: string, token: string, extra: Record<string, unknown> = {}) => ({ id, conversation_id: 'cnv_old', name: id, token, avatar_url: null, created_by: 'usr_old', webhook_id: null, created_at: at, deleted_at: null, ...extra });
  await db.insertInto('hooks').values([hook('hook_live', t.live), hook('hook_deleted', t.deleted, { deleted_at: at }), hook('hook_reply', t.reply, { webhook_id: 'whk_old' })]).execute();
  await db.insertInto('webhooks').values({
    id: 'whk_old', conversation_id: 'cnv_old', url: 'http://127.0.0.1:9/never', format: 'fleep', events: '["message.created"]', filters: '{}',
    secret: `whsec_${Buffer.from('old-secret-old-secret-old-secret').toString('base64')}`, status: 'paused', parallel: 0, reply_hook_id: 'hook_reply', created_by: 'usr_old', created_at: at, updated_at: at,
  }).execute();
  await db.insertInto('bridges').values({ id: 'brg_old', name: 'Gateway', scope: 'sms', attributes: '{}', mapping: JSON.stringify(GENERIC_MAPPING), reply: null, operator_ids: '[]', token: t.bridge, owner_id: 'usr_old', created_at: at, updated_at: at }).execute();
  return t;
}

for (const engine of ENGINES) {
  test(`${engine}: tokens stored in plaintext before 007 are hashed and sealed, and every old URL keeps working`, async (t) => {
    const database = await freshDatabase(t, engine);
    const old = await openPre007(engine, database);
    const tokens = await seedPlaintext(old);
    await old.destroy();

    // PostgreSQL: two nodes start at once on the old database (migration, key and sealing all race).
    const nodes: TestNode[] = engine === 'postgres'
      ? await Promise.all([startNode(t, engine, {}, { database }), startNode(t, engine, {}, { database: { ...database, DATA_DIR: `${database.DATA_DIR}/b` } })])
      : [await startNode(t, engine, {}, { database })];
    const auth = { authorization: `Bearer ${tokens.apiKey}` };
    const base = nodes[0].config.publicUrl;
    const post = (node: TestNode, p: string, payload: unknown) => node.app.inject({ method: 'POST', url: p, headers: { 'content-type': 'application/json' }, payload: payload as object });

    for (const node of nodes) {
      const hooks = (await node.app.inject({ url: '/api/v1/conversations/cnv_old/hooks', headers: auth })).json().hooks as { id: string; url: string }[];
      assert.deepEqual(Object.fromEntries(hooks.map((h) => [h.id, h.url])), { hook_live: `${base}/hook/${tokens.live}`, hook_reply: `${base}/hook/${tokens.reply}` }, 'listed with their old URLs');
      assert.equal((await node.app.inject({ url: '/api/v1/webhooks/whk_old', headers: auth })).json().reply_url, `${base}/hook/${tokens.reply}`);
      assert.equal((await node.app.inject({ url: '/api/v1/bridges/brg_old', headers: auth })).json().url, `${base}/bridge/${tokens.bridge}`);
      assert.equal((await post(node, `/hook/${tokens.live}`, { message: 'still here' })).statusCode, 200);
      assert.equal((await post(node, `/hook/${tokens.reply}`, { message: 'bot reply' })).statusCode, 200);
      assert.equal((await post(node, `/hook/${tokens.deleted}`, { message: 'gone' })).statusCode, 404, 'a deleted hook stays deleted');
      assert.equal((await post(node, `/bridge/${tokens.bridge}`, gatewayPost({ id: `m-${node.nodeId}`, text: 'hi', chat: { id: 'c1' } }))).statusCode, 200);
    }

    const db = nodes[0].ctx.store.db;
    const rows = [...(await db.selectFrom('hooks').selectAll().execute()), ...(await db.selectFrom('bridges').selectAll().execute())];
    assert.equal(rows.length, 4);
    for (const row of rows) {
      assert.match(row.token_sealed, /^v1\./, `${row.id} is sealed`);
      for (const [column, value] of Object.entries(row)) {
        for (const token of [tokens.live, tokens.deleted, tokens.reply, tokens.bridge]) assert.ok(!String(value).includes(token), `${row.id}.${column} holds no token`);
      }
    }
    assert.deepEqual(rows.map((r) => r.token_hash).sort(), [tokens.live, tokens.deleted, tokens.reply, tokens.bridge].map(sha256).sort());
  });
}
