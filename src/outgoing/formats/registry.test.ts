import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMAT_NAMES, formatByName } from './registry.ts';
import { eventContext, messageContext, sampleMessage } from './sample-context.ts';
import { readJsonReply } from './shared.ts';

for (const name of FORMAT_NAMES) {
  test(`format "${name}" is registered and builds POSTs for messages and other events`, () => {
    const format = formatByName(name);
    assert.equal(format.name, name);
    for (const ctx of [messageContext(sampleMessage()), eventContext()]) {
      const request = format.buildRequest(ctx);
      assert.equal(request.method, 'POST');
      assert.ok(request.headers['content-type']);
      assert.equal(request.headers['user-agent'], 'Switchboard Webhook 1.0');
      assert.ok(request.body.length > 0);
      assert.ok(!('webhook-signature' in request.headers), 'the worker signs, not the format');
    }
  });

  test(`format "${name}" reads in-response replies with the shared rule`, () => {
    const format = formatByName(name);
    assert.equal(format.readReply, readJsonReply);
    assert.deepEqual(format.readReply(200, 'application/json', '{"text":"ack"}'), { text: 'ack' });
    assert.equal(format.readReply(200, 'text/html', '<p>ok</p>'), null);
  });
}

for (const unknown of ['REST', 'Fleep', '', 'toString', '__proto__']) {
  test(`unknown format ${JSON.stringify(unknown)} fails closed`, () => {
    assert.throws(() => formatByName(unknown), /unknown outgoing format/);
  });
}
