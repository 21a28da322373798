/**
 * Every dialect fixture, posted over HTTP to a real hook URL; what was stored is read back through
 * the API and compared with the fixture's expected result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { listFixtures, readFixtureBody } from '../../src/incoming/dialects/fixture-files.ts';
import type { Post } from '../../src/incoming/types.ts';
import { ENGINES } from '../support/engines.ts';
import { conversationWithHook, messagesOf } from '../support/hooks.ts';
import { startNode } from '../support/runtime.ts';

const DIALECTS_DIR = path.resolve(import.meta.dirname, '../../src/incoming/dialects');
const dialects = readdirSync(DIALECTS_DIR).filter((d) => d !== 'mapping' && statSync(path.join(DIALECTS_DIR, d)).isDirectory());
const OK_STATUS: Record<string, number> = { json: 200, text_ok: 200, discord: 204 };

for (const engine of ENGINES) {
  test(`${engine}: every dialect fixture stores what its expected result says`, async (t) => {
    const node = await startNode(t, engine);
    let checked = 0;
    for (const dialect of dialects) {
      for (const fixture of listFixtures(path.join(DIALECTS_DIR, dialect, 'fixtures'))) {
        const { sniffs_as: sniffsAs, result: expected } = JSON.parse(readFileSync(fixture.expectedPath, 'utf8'));
        const { conv, path: hookPath } = await conversationWithHook(node, fixture.name, 'Fixture hook');
        const posts: Post[] = expected.ok ? expected.posts : [];
        for (const ref of posts.flatMap((p) => p.references ?? [])) {
          await node.app.inject({ method: 'POST', url: `${hookPath}?dialect=emakin`, headers: { 'content-type': 'application/json' }, payload: { text: 'earlier', id: ref } });
        }
        const before = (await messagesOf(node, conv.id)).length;
        const { contentType, body } = readFixtureBody(fixture);
        // A fixture that the sniffer would not give to this dialect is posted with an explicit ?dialect=.
        const url = sniffsAs === dialect ? hookPath : `${hookPath}?dialect=${dialect}`;
        const res = await node.app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: body });
        const label = `${dialect}/${fixture.name}`;
        if (!expected.ok) {
          assert.equal(res.statusCode, expected.status, `${label}: ${res.body}`);
          assert.equal(res.json().error.code, expected.code, label);
          assert.equal((await messagesOf(node, conv.id)).length, before, `${label}: nothing stored`);
        } else {
          assert.equal(res.statusCode, OK_STATUS[expected.reply], `${label}: ${res.body}`);
          const stored = (await messagesOf(node, conv.id)).slice(before);
          assert.equal(stored.length, posts.length, label);
          posts.forEach((post, i) => {
            const m = stored[i];
            assert.equal(m.body, post.body, label);
            assert.equal(m.sender.type, 'hook', label);
            assert.equal(m.sender.name, post.sender_name ?? 'Fixture hook', label);
            assert.equal(m.sender.avatar_url, post.avatar_url ?? null, label);
            assert.deepEqual(m.attachments.map((a) => a.name), [...post.files.map((f) => f.filename.split('/').pop()), ...post.links.map((l) => l.name)], label);
            assert.deepEqual(m.rich, post.rich ?? null, label);
            assert.equal(m.case_id !== null, Boolean(post.case_id || post.references?.length), label);
          });
        }
        checked++;
      }
    }
    assert.ok(checked >= 30, `only ${checked} fixtures found`);
  });
}
