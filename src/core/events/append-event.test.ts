import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/engines.ts';
import { startNode } from '../../../test/support/runtime.ts';
import { nextSeq } from './append-event.ts';

for (const engine of ENGINES) {
  test(`${engine}: a batch numbers each conversation's events in order and moves only the conversations it wrote to`, async (t) => {
    const node = await startNode(t, engine);
    const create = async (title: string) => (await node.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: node.auth, payload: { title } })).json().id as string;
    const [a, b] = [await create('Busy'), await create('Quiet')];
    const before = await node.ctx.store.db.selectFrom('conversations').select(['id', 'last_seq', 'updated_at']).where('id', '=', b).executeTakeFirstOrThrow();
    const at = Date.now() + 60_000;
    // One batch: four numbers for `a`, nothing for `b` (whose row the batch still locks).
    const taken = await Promise.all([
      node.ctx.store.write(a, async (tx) => [await nextSeq(tx, a, at), await nextSeq(tx, a, at + 1)]),
      node.ctx.store.write(b, async () => []),
      node.ctx.store.write(a, async (tx) => [await nextSeq(tx, a, at + 2), await nextSeq(tx, a, at + 3)]),
    ]);
    assert.deepEqual(taken.flat(), [1, 2, 3, 4]);
    const rows = await node.ctx.store.db.selectFrom('conversations').select(['id', 'last_seq', 'updated_at']).where('id', 'in', [a, b]).execute();
    const byId = new Map(rows.map((r) => [r.id, { last_seq: Number(r.last_seq), updated_at: Number(r.updated_at) }]));
    assert.deepEqual(byId.get(a), { last_seq: 4, updated_at: at + 3 });
    assert.deepEqual(byId.get(b), { last_seq: Number(before.last_seq), updated_at: Number(before.updated_at) }, 'untouched: the list order stays');
  });
}
