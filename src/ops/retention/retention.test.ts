/** Retention on both engines: what goes, what stays, in batches, on a clock passed in. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { newId } from '../../lib/ids.ts';
import { BlobStore } from '../../store/blobs/blob-store.ts';
import { createMetrics, type Metrics } from '../metrics.ts';
import { ENGINES, POSTGRES_AVAILABLE } from '../../../test/support/engines.ts';
import { createBridge, gatewayPost } from '../../../test/support/bridges.ts';
import { conversationWithHook } from '../../../test/support/hooks.ts';
import { freshDatabase, startNode, type TestNode } from '../../../test/support/runtime.ts';
import { createWebhook, newConversation, postMessage } from '../../../test/support/webhooks.ts';
import { startRetention, type PrunedCounts, type PrunedKind, type RetentionDeps } from './retention.ts';
import { retentionSettings, type RetentionSettings } from './retention-settings.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The node's own sweeper never runs (RETENTION_SWEEP_MS=0): the test's, on its clock, does. */
const startTestNode = (t: Parameters<typeof startNode>[0], engine: Parameters<typeof startNode>[1], database?: Record<string, string>) =>
  startNode(t, engine, { RETENTION_SWEEP_MS: '0' }, database ? { database } : {});

function retentionOf(node: TestNode, options: { settings?: Partial<RetentionSettings>; onBatch?: RetentionDeps['onBatch']; metrics?: Metrics } = {}) {
  const clock = { at: Date.now() };
  const retention = startRetention({
    store: node.ctx.store,
    blobs: new BlobStore(node.config.dataDir),
    settings: { ...retentionSettings(node.config), ...options.settings },
    clock: () => clock.at,
    onBatch: options.onBatch,
    metrics: options.metrics,
    fileShardsPerSweep: 256,
  });
  const started = clock.at;
  /** one sweep as if `laterMs` had passed since the test began */
  const sweepAfter = async (laterMs: number): Promise<PrunedCounts> => {
    clock.at = started + laterMs;
    const counts = await retention.sweep();
    assert.ok(counts, 'this node pruned the database');
    return counts;
  };
  return { retention, sweepAfter };
}

const only = (counts: PrunedCounts) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

async function ids(node: TestNode, table: 'deliveries' | 'delivery_attempts' | 'messages' | 'idempotency_keys' | 'bridge_seen_messages', where: (q: any) => any = (q) => q) {
  const column = table === 'idempotency_keys' ? 'key' : table === 'bridge_seen_messages' ? 'external_message_id' : 'id';
  return (await where(node.ctx.store.db.selectFrom(table).select(`${column} as id`)).execute()).map((r: { id: string }) => r.id).sort();
}

async function eventIdsOf(node: TestNode, conversationId: string): Promise<string[]> {
  return (await node.ctx.store.db.selectFrom('events').select('id').where('conversation_id', '=', conversationId).execute()).map((r) => r.id).sort();
}

/** Gives a delivery a status and `attempts` logged attempts, as the worker would have left it. */
async function settle(node: TestNode, deliveryId: string, status: 'delivered' | 'dead' | 'failed' | 'pending', attempts: number, extra: { manual_retry?: number } = {}) {
  const db = node.ctx.store.db;
  for (let i = 0; i < attempts; i++) {
    await db.insertInto('delivery_attempts').values({ id: newId('att'), delivery_id: deliveryId, started_at: Date.now(), duration_ms: 3, status_code: 500, response_excerpt: 'upstream down', error: null, manual: 0 }).execute();
  }
  await db.updateTable('deliveries').set({ status, attempts, auto_attempts: attempts, updated_at: Date.now(), ...extra }).where('id', '=', deliveryId).execute();
}

for (const engine of ENGINES) {
  test(`${engine}: finished deliveries and their attempts go after RETAIN_DELIVERIES; open ones and the events they need stay`, async (t) => {
    const node = await startTestNode(t, engine);
    const withWebhook = await newConversation(node, 'Alerts');
    // Paused: the deliveries are collected and never sent, so the test sets their outcomes.
    const webhook = await createWebhook(node, withWebhook.id, { url: 'https://receiver.example.test/hook', format: 'standard' });
    assert.equal((await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { status: 'paused' } })).statusCode, 200);
    for (let i = 0; i < 6; i++) await postMessage(node, withWebhook.id, `disk ${90 + i}% full`);
    const plain = await newConversation(node, 'No webhooks');
    for (let i = 0; i < 2; i++) await postMessage(node, plain.id, `note ${i}`);

    const deliveries = await node.ctx.store.db.selectFrom('deliveries').select(['id', 'event_id']).where('webhook_id', '=', webhook.id).orderBy('seq').execute();
    assert.equal(deliveries.length, 6);
    const [delivered1, delivered2, dead, failed, pending, retrying] = deliveries;
    await settle(node, delivered1.id, 'delivered', 1);
    await settle(node, delivered2.id, 'delivered', 2);
    await settle(node, dead.id, 'dead', 8);
    await settle(node, failed.id, 'failed', 3);
    await settle(node, pending.id, 'pending', 0);
    await settle(node, retrying.id, 'dead', 8, { manual_retry: 1 });
    const messagesBefore = await ids(node, 'messages');
    const eventsWithWebhook = await eventIdsOf(node, withWebhook.id);
    const { sweepAfter } = retentionOf(node);

    assert.deepEqual(only(await sweepAfter(DAY)), {}, 'a day later nothing is due');

    // After RETAIN_EVENTS: events go, except those a delivery still refers to.
    const week = await sweepAfter(8 * DAY);
    assert.deepEqual(await eventIdsOf(node, plain.id), [], 'the events of a conversation without webhooks');
    assert.deepEqual(await eventIdsOf(node, withWebhook.id), deliveries.map((d) => d.event_id).sort(), 'every event a delivery refers to stays');
    assert.equal(week.events, eventsWithWebhook.length - deliveries.length + 2);
    assert.equal(week.deliveries, 0);

    // After RETAIN_DELIVERIES: finished deliveries, their attempts and the events only they needed.
    const month = await sweepAfter(31 * DAY);
    assert.deepEqual(only(month), { deliveries: 3, delivery_attempts: 11, events: 3 });
    assert.deepEqual(await ids(node, 'deliveries'), [failed.id, pending.id, retrying.id].sort());
    assert.deepEqual(await ids(node, 'delivery_attempts', (q) => q.select('delivery_id').where('delivery_id', 'in', [delivered1.id, delivered2.id, dead.id])), []);
    assert.equal((await ids(node, 'delivery_attempts')).length, 3 + 8, 'the failed and the retried deliveries keep their log');
    assert.deepEqual(await eventIdsOf(node, withWebhook.id), [failed.event_id, pending.event_id, retrying.event_id].sort());
    assert.deepEqual(await ids(node, 'messages'), messagesBefore, 'messages are never pruned');
  });

  test(`${engine}: idempotency keys and bridge de-duplication keys go after their own retention`, async (t) => {
    const node = await startTestNode(t, engine);
    const { path } = await conversationWithHook(node);
    for (const key of ['nightly-1', 'nightly-2']) {
      const res = await node.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', 'idempotency-key': key }, payload: { message: 'backup done' } });
      assert.equal(res.statusCode, 200, res.body);
    }
    const bridge = await createBridge(node);
    const posted = await node.app.inject({ method: 'POST', url: new URL(bridge.url).pathname, payload: gatewayPost({ id: 'wa-1', text: 'Hello', chat: { id: 'chat-a' } }, { id: 'wa-2', text: 'Anyone?', chat: { id: 'chat-a' } }) });
    assert.equal(posted.statusCode, 200, posted.body);
    assert.deepEqual(await ids(node, 'bridge_seen_messages'), ['wa-1', 'wa-2']);
    const metrics = createMetrics();
    const { sweepAfter } = retentionOf(node, { metrics });

    assert.deepEqual(only(await sweepAfter(23 * HOUR)), {}, 'keys younger than a day stay');
    assert.deepEqual(await ids(node, 'idempotency_keys'), ['nightly-1', 'nightly-2']);
    assert.deepEqual(only(await sweepAfter(25 * HOUR)), { idempotency_keys: 2 });
    assert.deepEqual(await ids(node, 'idempotency_keys'), []);
    assert.deepEqual(await ids(node, 'bridge_seen_messages'), ['wa-1', 'wa-2'], 'a bridge remembers its ids for a week');
    const week = await sweepAfter(8 * DAY);
    assert.equal(week.bridge_seen_messages, 2);
    assert.deepEqual(await ids(node, 'bridge_seen_messages'), []);
    const scraped = await metrics.registry.metrics();
    assert.match(scraped, /switchboard_retention_pruned_total\{kind="idempotency_keys"\} 2/);
    assert.match(scraped, /switchboard_retention_pruned_total\{kind="bridge_seen_messages"\} 2/);
  });

  test(`${engine}: unfinished uploads and files no message names go after RETAIN_TEMP_FILES; attached files stay`, async (t) => {
    const node = await startTestNode(t, engine);
    const { path } = await conversationWithHook(node);
    const boundary = 'retentionBoundary';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\nnightly report\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="report.txt"\r\nContent-Type: text/plain\r\n\r\nall green\r\n--${boundary}--\r\n`;
    const res = await node.app.inject({ method: 'POST', url: path, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart });
    assert.equal(res.statusCode, 200, res.body);
    const [attached] = await node.ctx.store.db.selectFrom('attachments').select('sha256').execute();
    const blobs = new BlobStore(node.config.dataDir);
    // A file whose message never committed, and an upload abandoned half-way.
    const orphan = await blobs.receive(Readable.from([Buffer.from('rolled back')]), 1024);
    await blobs.commit(orphan.path, orphan.sha256);
    const abandoned = await blobs.tempPath();
    await writeFile(abandoned, '');
    const { sweepAfter } = retentionOf(node);

    assert.deepEqual(only(await sweepAfter(30 * 60_000)), {}, 'within the grace every file stays');
    assert.deepEqual(only(await sweepAfter(2 * HOUR)), { temp_files: 1, files: 1 });
    const fileUrl = new URL(await firstAttachmentUrl(node));
    const file = await node.app.inject({ url: fileUrl.pathname, headers: node.auth });
    assert.equal(file.statusCode, 200);
    assert.equal(file.body, 'all green', `the attached file (${attached.sha256}) stays`);
  });

  test(`${engine}: pruning goes in batches of RETENTION_BATCH_ROWS, with writes served between them`, async (t) => {
    const node = await startTestNode(t, engine);
    const db = node.ctx.store.db;
    for (let i = 0; i < 25; i++) {
      await db.insertInto('idempotency_keys').values({ scope: 'hook:test', key: `k${i}`, status_code: 200, content_type: 'application/json', body: '{}', created_at: Date.now() }).execute();
    }
    const conv = await newConversation(node);
    const webhook = await createWebhook(node, conv.id, { url: 'https://receiver.example.test/hook', format: 'standard' });
    await node.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${webhook.id}`, headers: node.auth, payload: { status: 'paused' } });
    for (let i = 0; i < 5; i++) await postMessage(node, conv.id, `m${i}`);
    for (const d of await db.selectFrom('deliveries').select('id').execute()) await settle(node, d.id, 'dead', 3);
    const { path } = await conversationWithHook(node, 'Ingest');

    const batches: [PrunedKind, number][] = [];
    let servedBetween = 0;
    const { sweepAfter } = retentionOf(node, {
      settings: { batchRows: 10 },
      onBatch: async (kind, rows) => {
        batches.push([kind, rows]);
        // A write between two batches is served at once: no batch holds the writer meanwhile.
        const res = await node.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: { message: 'ingest goes on' } });
        assert.equal(res.statusCode, 200);
        servedBetween++;
      },
    });
    const counts = await sweepAfter(31 * DAY);
    assert.equal(counts.idempotency_keys, 25);
    assert.deepEqual(batches.filter(([kind]) => kind === 'idempotency_keys').map(([, n]) => n), [10, 10, 5]);
    // A deliveries batch counts its attempt rows too: 2 deliveries of 1 + 3 rows each fit in 10.
    assert.deepEqual(batches.filter(([kind]) => kind === 'deliveries').map(([, n]) => n), [2, 2, 1]);
    assert.deepEqual(batches.filter(([kind]) => kind === 'delivery_attempts').map(([, n]) => n), [6, 6, 3]);
    assert.ok(batches.every(([, n]) => n <= 10), JSON.stringify(batches));
    assert.equal(servedBetween, batches.length);
  });
}

test('postgres: one node prunes at a time; the others skip their sweep', { skip: !POSTGRES_AVAILABLE && 'PostgreSQL unreachable' }, async (t) => {
  const database = await freshDatabase(t, 'postgres');
  const first = await startTestNode(t, 'postgres', database);
  const second = await startTestNode(t, 'postgres', database);
  for (let i = 0; i < 3; i++) {
    await first.ctx.store.db.insertInto('idempotency_keys').values({ scope: 'hook:test', key: `k${i}`, status_code: 200, content_type: 'text/plain', body: 'ok', created_at: Date.now() }).execute();
  }
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let inBatch!: () => void;
  const reachedBatch = new Promise<void>((resolve) => (inBatch = resolve));
  const a = retentionOf(first, { onBatch: async () => { inBatch(); await held; } });
  const b = retentionOf(second);
  const sweeping = a.sweepAfter(2 * DAY);
  await reachedBatch;
  assert.equal(await b.retention.sweep(), null, 'the second node finds the lock taken');
  release();
  assert.equal((await sweeping).idempotency_keys, 3);
  assert.deepEqual(only(await b.sweepAfter(2 * DAY)), {}, 'once the first is done, the second may prune (nothing is left)');
});

async function firstAttachmentUrl(node: TestNode): Promise<string> {
  const conv = (await node.ctx.store.db.selectFrom('attachments').select('conversation_id').executeTakeFirstOrThrow()).conversation_id;
  const res = await node.app.inject({ url: `/api/v1/conversations/${conv}/messages`, headers: node.auth });
  return res.json().messages[0].attachments[0].url;
}
