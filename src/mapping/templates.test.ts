import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTemplate, listPlaceholders, renderTemplate } from './templates.ts';

const vars = {
  msg: { body: 'Labas', caption: 'Photo "1"', t: 1700000000, fromMe: false, loc: null, sender: { name: 'Ona' } },
  chat: { external_id: '37060000000@c.us' },
  bridge: { attributes: { host: 'http://gateway.test:8002' } },
};

test('renderTemplate in text mode', async (t) => {
  const cases: [string, string][] = [
    ['{{msg.body}}', 'Labas'],
    ['{{ msg.body }}', 'Labas'],
    ['{{msg.caption}}\n{{msg.body}}', 'Photo "1"\nLabas'],
    ['{{msg.sender.name}} says {{msg.body}}', 'Ona says Labas'],
    ['{{msg.missing}}', ''],
    ['{{msg.loc}}', ''],
    ['{{msg.t}}|{{msg.fromMe}}', '1700000000|false'],
    ['{{msg.sender}}', '{"name":"Ona"}'],
    ['{{bridge.attributes.host}}/sendText', 'http://gateway.test:8002/sendText'],
    ['no placeholders', 'no placeholders'],
    ['{single} and }} stray', '{single} and }} stray'],
    ['', ''],
  ];
  for (const [template, expected] of cases) {
    await t.test(JSON.stringify(template), () => assert.equal(renderTemplate(template, vars), expected));
  }
});

test('renderTemplate in JSON mode encodes every value', async (t) => {
  const cases: [string, string][] = [
    ['{"to": {{chat.external_id}}}', '{"to": "37060000000@c.us"}'],
    ['{"args": {"content": {{msg.caption}}}}', '{"args": {"content": "Photo \\"1\\""}}'],
    ['{"t": {{msg.t}}, "me": {{msg.fromMe}}}', '{"t": 1700000000, "me": false}'],
    ['{"x": {{msg.missing}}}', '{"x": ""}'],
    ['{"x": {{msg.loc}}}', '{"x": null}'],
    ['{"s": {{msg.sender}}}', '{"s": {"name":"Ona"}}'],
  ];
  for (const [template, expected] of cases) {
    await t.test(template, () => {
      const rendered = renderTemplate(template, vars, { json: true });
      assert.equal(rendered, expected);
      JSON.parse(rendered);
    });
  }
});

test('renderTemplate applies encode to inserted values only', () => {
  const rendered = renderTemplate('{{bridge.attributes.host}}/chats/{{chat.external_id}}', vars, {
    encode: (text, path) => (path.startsWith('bridge.') ? text : encodeURIComponent(text)),
  });
  assert.equal(rendered, 'http://gateway.test:8002/chats/37060000000%40c.us');
});

test('checkTemplate reports syntax errors', async (t) => {
  const cases: [string, RegExp | null][] = [
    ['{{msg.body}}', null],
    ['plain', null],
    ['{"a": {"b": 1}}', null],
    ['{{msg.body}}}}', null],
    ['{{msg.body', /never closed/],
    ['ok {{msg.a}} then {{msg.b', /offset 18 is never closed/],
    ['{{}}', /empty placeholder/],
    ['{{  }}', /empty placeholder/],
    ['{{msg body}}', /not a dotted path/],
    ['{{msg..body}}', /not a dotted path/],
    ['{{{msg.body}}}', /not a dotted path/],
  ];
  for (const [template, expected] of cases) {
    await t.test(JSON.stringify(template), () => {
      const message = checkTemplate(template);
      if (expected === null) assert.equal(message, null);
      else assert.match(message ?? '', expected);
    });
  }
});

test('listPlaceholders', () => {
  assert.deepEqual(listPlaceholders('{{msg.a}} {{ msg.b }} {{msg.a}}'), ['msg.a', 'msg.b']);
  assert.deepEqual(listPlaceholders('none'), []);
});
