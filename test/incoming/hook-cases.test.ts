/** Emakin-style cases and Idempotency-Key: repeats change nothing, even when they arrive together. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.ts';
import { conversationWithHook, countRows, messagesOf } from '../support/hooks.ts';
import { startNode } from '../support/runtime.ts';

const json = { 'content-type': 'application/json' };

for (const engine of ENGINES) {
  test(`${engine}: id opens a case, a repeated id is already reported, references append`, async (t) => {
    const node = await startNode(t, engine);
    const { conv, path } = await conversationWithHook(node);
    const post = (payload: object) => node.app.inject({ method: 'POST', url: path, headers: json, payload });

    const opened = await post({ id: 'event1', text: 'Disk full on db-2\nsecond line', attachments: [{ '@type': 'link', url: 'https://status.example.test/1', displayName: 'status page' }] });
    assert.equal(opened.statusCode, 200);
    const caseId = opened.json().case_id;
    assert.match(caseId, /^case_/);

    // The same id, several times at once: one case, one message, every answer "already reported".
    const repeats = await Promise.all([1, 2, 3, 4].map(() => post({ id: 'event1', text: 'Disk full on db-2' })));
    for (const r of repeats) assert.deepEqual(r.json(), { result: 'already reported', case_id: caseId });

    const update = await post({ id: 'event2', references: ['event1'], text: 'Disk cleaned' });
    assert.equal(update.json().case_id, caseId);
    const chained = await post({ id: 'event3', references: ['event2'], text: 'Verified' });
    assert.equal(chained.json().case_id, caseId, 'a reference to an update finds the case too');
    const unknown = await post({ id: 'event4', references: ['nope'], text: 'orphan' });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.code, 'unknown_reference');

    const cases = (await node.app.inject({ url: `/api/v1/conversations/${conv.id}/cases`, headers: node.auth })).json().cases;
    assert.equal(cases.length, 1);
    assert.deepEqual({ ...cases[0], created_at: undefined, updated_at: undefined }, { id: caseId, external_id: 'event1', title: 'Disk full on db-2', status: 'open', message_count: 3, created_at: undefined, updated_at: undefined });
    const messages = await messagesOf(node, conv.id);
    assert.deepEqual(messages.map((m) => [m.body.split('\n')[0], m.case_id]), [['Disk full on db-2', caseId], ['Disk cleaned', caseId], ['Verified', caseId]]);
    assert.deepEqual(messages[0].attachments.map((a) => [a.kind, a.name, a.url]), [['link', 'status page', 'https://status.example.test/1']]);
    const types = (await node.ctx.store.db.selectFrom('events').select('type').where('conversation_id', '=', conv.id).orderBy('seq').execute()).map((e) => e.type);
    assert.deepEqual(types, ['message.created', 'case.created', 'message.created', 'case.updated', 'message.created', 'case.updated']);
  });

  test(`${engine}: an Idempotency-Key repeat gets the first answer and stores nothing`, async (t) => {
    const node = await startNode(t, engine);
    const { conv, path } = await conversationWithHook(node);
    const post = (key: string, message: string) => node.app.inject({ method: 'POST', url: path, headers: { ...json, 'idempotency-key': key }, payload: { message } });
    const first = await post('deploy-42', 'Deployed 42');
    const again = await post('deploy-42', 'Deployed 42 (retry)');
    assert.equal(again.statusCode, first.statusCode);
    assert.equal(again.body, first.body);
    const racing = await Promise.all([1, 2, 3].map(() => post('deploy-43', 'Deployed 43')));
    assert.equal(new Set(racing.map((r) => r.body)).size, 1, 'racing repeats all get the one answer');
    const slack = await node.app.inject({ method: 'POST', url: path, headers: { ...json, 'idempotency-key': 'slack-1' }, payload: { text: 'from slack' } });
    const slackAgain = await node.app.inject({ method: 'POST', url: path, headers: { ...json, 'idempotency-key': 'slack-1' }, payload: { text: 'from slack' } });
    assert.equal(slackAgain.body, 'ok');
    assert.equal(slackAgain.headers['content-type'], slack.headers['content-type']);
    assert.deepEqual((await messagesOf(node, conv.id)).map((m) => m.body), ['Deployed 42', 'Deployed 43', 'from slack']);
    const tooLong = await node.app.inject({ method: 'POST', url: path, headers: { ...json, 'idempotency-key': 'k'.repeat(300) }, payload: { message: 'x' } });
    assert.equal(tooLong.statusCode, 422);
    assert.equal((await countRows(node)).messages, 3);
  });
}
