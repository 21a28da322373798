/**
 * Graceful stop and restart under load, with Switchboard as a real child process (issue 15, 5 and 6).
 * - SIGTERM while a client posts hooks on keep-alive connections and webhooks receive: exit 0, every
 *   answer from the stop on says `Connection: close` (a client holding its socket cannot hold the
 *   stop), no attempt starts after the stop began, attempts in flight are recorded, nothing stays
 *   leased, and every acknowledged message is stored with its deliveries.
 * - SIGKILL while deliveries are leased (the 60 s default lease): the restarted node, same DATA_DIR
 *   (and NODE_ID on PostgreSQL), takes its leases back at start and sends them within 5 s, the
 *   ordered line and an action's REST line included.
 * - A second live process with the same identity refuses to start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { spawnNode, type ChildNode } from '../support/child-node.ts';
import { ENGINES } from '../support/engines.ts';
import { startReceiver } from '../support/receiver.ts';
import { freshDatabase } from '../support/runtime.ts';
import { halfSentPost, postContinuously, readDatabase, until } from './load.ts';

const ENV = {
  OUTGOING_ALLOWED_NETS: '127.0.0.1/32',
  HOOK_RATE_PER_MINUTE: '1000000',
  DELIVERY_CONCURRENCY: '8',
};

/** Sets up what both tests load: a hook, an ordered and a parallel webhook and an action, all aimed at `receiverUrl`. */
async function wire(node: ChildNode, receiverUrl: string) {
  const conv = (await node.api('POST', '/conversations', { title: 'Under load' })).json;
  const hook = (await node.api('POST', `/conversations/${conv.id}/hooks`, { name: 'Load' })).json;
  const ordered = (await node.api('POST', `/conversations/${conv.id}/webhooks`, { url: `${receiverUrl}/ordered`, format: 'standard' })).json;
  const parallel = (await node.api('POST', `/conversations/${conv.id}/webhooks`, { url: `${receiverUrl}/parallel`, format: 'fleep', parallel: true })).json;
  const action = await node.api('POST', `/conversations/${conv.id}/actions`, {
    event: 'message.created',
    request: { method: 'POST', url: `${receiverUrl}/action`, headers: { 'Content-Type': 'application/json' }, body: '{"text": {{message.body}}}' },
  });
  assert.equal(action.status, 201, JSON.stringify(action.json));
  // PUBLIC_URL says port 0 (PORT=0 picks one): the hook's path on the URL the node listens on.
  return { conv, hookUrl: `${node.url}${new URL(hook.url).pathname}`, webhookIds: [ordered.id as string, parallel.id as string] };
}

/** The time the node logged that its stop began (its own clock, which the database's times use). */
function stopLoggedAt(node: ChildNode): number | null {
  const line = node.log().split('\n').find((l) => l.includes('"msg":"stopping: finishing in-flight work"'));
  return line ? (JSON.parse(line) as { time: number }).time : null;
}

for (const engine of ENGINES) {
  test(`${engine}: SIGTERM under load exits 0, closes connections, claims nothing more and loses no acknowledged message`, async (t) => {
    const env = { ...(await freshDatabase(t, engine)), ...ENV };
    // Slow enough that attempts are in flight at the stop and due deliveries pile up behind them.
    const receiver = await startReceiver(t, async () => {
      await new Promise((r) => setTimeout(r, 300));
      return { status: 200 };
    });
    const node = await spawnNode(t, env);
    const { hookUrl } = await wire(node, receiver.url);
    const posters = postContinuously(hookUrl, 4);
    t.after(() => posters.stop());
    await until(15_000, () => receiver.received.length >= 8 && posters.acknowledged().length >= 50, () => `load did not get going: ${receiver.received.length} received, ${posters.answers.length} answers, errors ${posters.errors}\n${node.log()}`);

    // A request certainly in flight at the stop: its body is half sent, and a request on another
    // connection has been answered since, so the node has read what was sent.
    const held = await halfSentPost(hookUrl, JSON.stringify({ message: 'sent across the stop', user: 'Holder' }));
    t.after(() => held.close());
    assert.equal((await fetch(`${node.url}/healthz`)).status, 200);

    const exited = new Promise<number | null>((resolve) => node.child.once('exit', resolve));
    const signalledAt = Date.now();
    node.child.kill('SIGTERM');
    const stopAt = await until(5_000, () => stopLoggedAt(node), () => `no stop logged\n${node.log()}`);
    const seenAt = Date.now();
    const heldAnswer = await held.finish();
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running 30 s after SIGTERM'), 30_000).unref())]);
    const stopMs = Date.now() - signalledAt;
    await posters.stop();

    assert.equal(code, 0, `a graceful stop exits 0 (took ${stopMs} ms)\n${node.log().slice(-3000)}`);
    const during = posters.answers.filter((a) => a.sentAt >= seenAt);
    t.diagnostic(`stop took ${stopMs} ms from SIGTERM to exit; ${posters.answers.length} hook answers (${during.length} to requests sent during the stop, ${posters.errors.length} refused or reset), ${receiver.received.length} attempts received`);
    assert.equal(heldAnswer.status, 200, `the request in flight at the stop is answered: ${heldAnswer.body}`);
    assert.equal(heldAnswer.headers.connection, 'close', 'and tells its client the connection closes');
    const lateKeepAlive = during.filter((a) => a.connection !== 'close');
    assert.deepEqual(lateKeepAlive, [], 'no answer to a request sent during the stop says keep-alive');

    const heldMessageId = JSON.parse(heldAnswer.body).message_id as string;
    const acknowledged = [...posters.acknowledged(), heldMessageId];
    const inFlightAtStop = receiver.received.filter((r) => r.startedAt <= stopAt && (r.endedAt ?? Infinity) > stopAt).map((r) => String(r.headers['webhook-id']));
    const db = await readDatabase(env, async ({ db }) => ({
      stored: new Set((await db.selectFrom('messages').select('id').where('id', 'in', acknowledged).execute()).map((m) => m.id)),
      // Each message makes three deliveries: the ordered and the parallel webhook's, and the action's.
      withoutDeliveries: (await sql<{ id: string }>`
        select m.id from messages m
        where (select count(*) from deliveries d where d.conversation_id = m.conversation_id and d.seq = m.seq) <> 3`.execute(db)).rows,
      attemptsAfterStop: await db.selectFrom('delivery_attempts').select(['delivery_id', 'started_at']).where('started_at', '>', stopAt).execute(),
      leased: await db.selectFrom('deliveries').select(['id', 'status', 'lease_owner']).where((eb) => eb.or([eb('lease_owner', 'is not', null), eb('status', '=', 'sending')])).execute(),
      recorded: (await db.selectFrom('deliveries').select(['id', 'status', 'attempts']).where('id', 'in', inFlightAtStop.length ? inFlightAtStop : ['none']).execute()),
      waiting: Number((await db.selectFrom('deliveries').select(sql<number>`count(*)`.as('n')).where('status', 'in', ['pending', 'failed']).executeTakeFirstOrThrow()).n),
    }));
    assert.deepEqual(acknowledged.filter((id) => !db.stored.has(id)), [], 'every acknowledged message is stored');
    assert.deepEqual(db.withoutDeliveries, [], 'with its deliveries');
    assert.deepEqual(db.attemptsAfterStop, [], 'no attempt started after the stop began');
    assert.ok(db.waiting > 0, 'deliveries were due during the stop (the worker could have claimed them)');
    assert.deepEqual(db.leased, [], 'nothing is left claimed: what waited was given back, what was in flight recorded');
    assert.ok(inFlightAtStop.length > 0, 'attempts were in flight when the stop began');
    assert.deepEqual(db.recorded.map((d) => [d.status, d.attempts]), inFlightAtStop.map(() => ['delivered', 1]), 'attempts in flight at the stop finished and were recorded');
  });

  test(`${engine}: after SIGKILL under load, the restarted node sends its leased deliveries within 5 s (60 s lease)`, async (t) => {
    // DELIVERY_LEASE_MS stays at its 60 s default: waiting the leases out would take about a minute.
    const env: Record<string, string> = { ...(await freshDatabase(t, engine)), ...ENV, ...(engine === 'postgres' ? { NODE_ID: 'node-1' } : {}) };
    let hang = true;
    const receiver = await startReceiver(t, () => (hang ? 'hang' : { status: 200 }));
    const first = await spawnNode(t, env);
    const { webhookIds, hookUrl } = await wire(first, receiver.url);
    const posters = postContinuously(hookUrl, 2);
    t.after(() => posters.stop());
    const count = (p: string) => receiver.received.filter((r) => r.path === p).length;
    // Hanging: the ordered line's head, the action line's head and parallel deliveries; runs claimed behind the heads.
    await until(15_000, () => count('/ordered') >= 1 && count('/action') >= 1 && count('/parallel') >= 3 && posters.acknowledged().length >= 100,
      () => `deliveries did not get in flight: ${receiver.received.map((r) => r.path)}, ${posters.acknowledged().length} posts\n${first.log()}`);
    await first.kill('SIGKILL');
    await posters.stop();
    const before = receiver.received.length;

    const owner = engine === 'postgres' ? 'node-1' : (await readFile(path.join(env.DATA_DIR, 'node-id'), 'utf8')).trim();
    const leased = await readDatabase(env, ({ db }) => db.selectFrom('deliveries').innerJoin('webhooks', 'webhooks.id', 'deliveries.webhook_id')
      .select(['deliveries.id', 'deliveries.lease_owner', 'deliveries.lease_until', 'webhooks.url']).where('deliveries.lease_owner', 'is not', null).execute());
    // The ordered webhook's whole line, which waited behind its leased head.
    const line = await readDatabase(env, ({ db }) => db.selectFrom('deliveries').select('id').where('webhook_id', '=', webhookIds[0]).where('status', '<>', 'delivered').execute());
    const lines = new Set(leased.map((d) => new URL(d.url).pathname));
    assert.deepEqual([...lines].sort(), ['/action', '/ordered', '/parallel'], 'every kind of line had leased deliveries when the node died');
    assert.deepEqual([...new Set(leased.map((d) => d.lease_owner))], [owner], "the leases carry the node's stable id");
    assert.ok(leased.every((d) => d.lease_until! > Date.now() + 40_000), 'and would run for most of a minute yet');

    hang = false;
    const spawnedAt = Date.now();
    const second = await spawnNode(t, env);
    // From when it serves: starting the process takes seconds on a busy machine, and leases are
    // given back before it listens.
    const restartedAt = Date.now();
    const sent = () => new Set(receiver.received.slice(before).filter((r) => r.endedAt !== null).map((r) => String(r.headers['webhook-id'])));
    const expected = [...new Set([...leased.map((d) => d.id), ...line.map((d) => d.id)])];
    await until(5_000, () => expected.every((id) => sent().has(id)), () => {
      const missing = leased.filter((d) => !sent().has(d.id));
      const lineMissing = line.filter((d) => !sent().has(d.id));
      return `not sent within 5 s of the restart: ${missing.length} of ${leased.length} leased deliveries (${missing.map((d) => new URL(d.url).pathname)}), ` +
        `${lineMissing.length} of the ordered line's ${line.length}\n${second.log().slice(-2000)}`;
    });
    const tookMs = Date.now() - restartedAt;
    t.diagnostic(`${leased.length} leased deliveries and the ordered line's ${line.length} sent ${tookMs} ms after the restarted node began serving (${restartedAt - spawnedAt} ms after it was spawned)`);

    const after = receiver.received.slice(before);
    for (const line of ['/ordered', '/action']) {
      const ids = after.filter((r) => r.path === line).map((r) => String(r.headers['webhook-id']));
      assert.ok(ids.length > 0, `${line} went on after the restart`);
    }
    const seqs = after.filter((r) => r.path === '/ordered').map((r) => JSON.parse(r.body).data.message.seq as number);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'the ordered line kept its order');
    const exited = new Promise<number | null>((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const statuses = await readDatabase(env, ({ db }) => db.selectFrom('deliveries').select('status').where('id', 'in', leased.map((d) => d.id)).execute());
    assert.ok(statuses.every((d) => d.status === 'delivered'), 'and their outcomes were recorded');
  });

  test(`${engine}: a second live process with the same identity refuses to start`, async (t) => {
    const env: Record<string, string> = { ...(await freshDatabase(t, engine)), ...ENV, ...(engine === 'postgres' ? { NODE_ID: 'node-1' } : {}) };
    const first = await spawnNode(t, env);
    await assert.rejects(spawnNode(t, { ...env, PORT: '0' }), /exited early \(1\).*is already running as process/s, 'it would take back leases its twin is sending');
    assert.equal((await first.api('GET', '/me')).status, 200, 'the first one serves on');
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
}
