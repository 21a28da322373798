/**
 * A fake gateway posting our sample payloads (src/mapping/fixtures) over HTTP to
 * bridges imported from each preset (our configurations in Live Helper Chat's export format); what was stored is read back through the API
 * and compared with the fixture's expected interpretation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listFixtures } from '../../src/incoming/dialects/fixture-files.ts';
import type { InterpretResult } from '../../src/mapping/interpret.ts';
import { ENGINES } from '../support/engines.ts';
import { postToBridge, supportConversations } from '../support/bridges.ts';
import { messagesOf } from '../support/hooks.ts';
import { startNode, type TestNode } from '../support/runtime.ts';

// Our own configurations in Live Helper Chat's export format (src/mapping/lhc-presets/README.md).
const PRESETS = new URL('../../src/mapping/lhc-presets/', import.meta.url);
const FIXTURES = fileURLToPath(new URL('../../src/mapping/fixtures/', import.meta.url));
const PRESET_FILES: Record<string, { incoming: string; rest_api?: string }> = {
  'open-wa': { incoming: 'openwa-incoming.json', rest_api: 'openwa-rest-api.json' },
  waha: { incoming: 'waha-incoming.json', rest_api: 'waha-rest-api.json' },
  messagebird: { incoming: 'messagebird-incoming.json' },
};

const readJson = (file: string | URL): any => JSON.parse(readFileSync(file, 'utf8'));

async function importPreset(node: TestNode, prefix: string): Promise<{ id: string; url: string; name: string }> {
  const files = PRESET_FILES[prefix];
  const payload = { incoming: readJson(new URL(files.incoming, PRESETS)), ...(files.rest_api ? { rest_api: readJson(new URL(files.rest_api, PRESETS)) } : {}) };
  const res = await node.app.inject({ method: 'POST', url: '/api/v1/bridges/import', headers: node.auth, payload });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

/** Visitors' messages first: a message from our side does not start a conversation. */
function visitorFirst<T extends { expected: InterpretResult }>(fixtures: T[]): T[] {
  const operatorSide = (f: { expected: InterpretResult }) => (f.expected.result === 'messages' && f.expected.messages.some((m) => m.from_operator) ? 1 : 0);
  return [...fixtures].sort((a, b) => operatorSide(a) - operatorSide(b));
}

for (const engine of ENGINES) {
  test(`${engine}: sample payloads posted to imported preset bridges`, async (t) => {
    const node = await startNode(t, engine, {}, { listen: true });
    let checked = 0;
    for (const prefix of Object.keys(PRESET_FILES)) {
      const bridge = await importPreset(node, prefix);
      const fixtures = listFixtures(FIXTURES).filter((f) => f.name.startsWith(`${prefix}__`)).map((f) => ({ ...f, expected: readJson(f.expectedPath) as InterpretResult }));
      assert.ok(fixtures.length >= 3, `${prefix} has fixtures`);
      let ignored = 0;
      for (const fixture of visitorFirst(fixtures)) {
        const { status, json } = await postToBridge(bridge.url, readFileSync(fixture.path, 'utf8'));
        assert.equal(status, 200, `${fixture.name}: ${JSON.stringify(json)}`);
        const { expected } = fixture;
        if (expected.result === 'ignored') {
          assert.deepEqual(json, { result: 'ignored', reason: expected.reason }, fixture.name);
          ignored++;
        } else {
          assert.equal(json.result, 'stored', fixture.name);
          assert.equal(json.message_ids.length, expected.messages.length, fixture.name);
          const stored = (await messagesOf(node, json.conversation_id)).slice(-expected.messages.length) as any[];
          expected.messages.forEach((m, i) => {
            const message = stored[i];
            assert.equal(message.id, json.message_ids[i], fixture.name);
            assert.equal(message.body, m.body, fixture.name);
            assert.equal(message.direction, m.from_operator ? 'out' : 'in', fixture.name);
            assert.deepEqual(message.sender.type, m.from_operator ? 'bot' : 'contact', fixture.name);
            assert.equal(message.sender.name, m.from_operator ? bridge.name : (m.nick ?? m.phone ?? m.chat_id), fixture.name);
            assert.deepEqual(message.attachments.map((a: { kind: string; url: string }) => [a.kind, a.url]), m.file_url ? [['link', m.file_url]] : [], fixture.name);
            assert.deepEqual(message.rich.bridge.kind, m.kind, fixture.name);
          });
          const conversation = (await supportConversations(node)).find((c) => c.id === json.conversation_id)!;
          const visitor = expected.messages.find((m) => !m.from_operator);
          assert.equal(conversation.contact.external_id, expected.messages[0].chat_id, fixture.name);
          assert.equal(conversation.bridge_id, bridge.id, fixture.name);
          if (visitor) assert.deepEqual([conversation.contact.name, conversation.contact.phone], [visitor.nick, visitor.phone], fixture.name);
        }
        checked++;
      }
      // Every sample of one gateway talks in one chat: one conversation per (bridge, chat id).
      assert.equal((await supportConversations(node)).filter((c) => c.bridge_id === bridge.id).length, 1, prefix);
      const log = (await node.app.inject({ url: `/api/v1/bridges/${bridge.id}/ignored`, headers: node.auth })).json().ignored;
      assert.equal(log.length, ignored, `${prefix}: every ignored payload is logged`);
    }
    assert.ok(checked >= 15, `only ${checked} fixtures`);
  });
}
