import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConditionSyntaxError, evaluateCondition, parseCondition } from './conditions.ts';

const message = {
  type: 'chat',
  fromMe: false,
  isGroup: 'false',
  ack: 2,
  caption: null,
  direction: 'received',
  _data: { type: 'image', notifyName: 'Jonas' },
  tags: ['a'],
};

test('evaluateCondition', async (t) => {
  const cases: [string, boolean][] = [
    ['type=chat', true],
    ['type=image', false],
    ['type=chat,vcard', true],
    ['type=vcard,chat', true],
    ['type=image,video', false],
    ['type = chat', true],
    ['type=chat||direction=received', true],
    ['type=chat||direction=sent', false],
    ['direction=sent||type=chat', false],
    ['_data.type=image', true],
    ['_data.type=document,ptt,video', false],
    // booleans compare with booleans and with the strings
    ['fromMe=false', true],
    ['fromMe=true', false],
    ['isGroup=false', true],
    ['ack=2', true],
    ['ack=2.0', false],
    // a clause without "=" means the key exists, whatever its value
    ['caption', true],
    ['_data.notifyName', true],
    ['missing', false],
    ['type||caption', true],
    ['type||missing', false],
    // null and objects never equal a value
    ['caption=', false],
    ['caption=null', false],
    ['tags=a', false],
    ['missing=x', false],
    ['missing=', false],
    // "!=": none of the values; a missing key holds
    ['direction!=sent', true],
    ['direction!=received', false],
    ['direction!=sent,received', false],
    ['missing!=x', true],
    ['type=chat||direction!=sent', true],
  ];
  for (const [text, expected] of cases) {
    await t.test(text, () => assert.equal(evaluateCondition(text, message), expected));
  }
});

test('parseCondition structure', () => {
  assert.deepEqual(parseCondition('type=chat,vcard||fromMe!=true||caption'), {
    clauses: [
      { path: 'type', op: 'eq', values: ['chat', 'vcard'] },
      { path: 'fromMe', op: 'ne', values: ['true'] },
      { path: 'caption', op: 'exists', values: [] },
    ],
  });
  // only the first "=" separates: the rest belongs to the value
  assert.deepEqual(parseCondition('url=a=b').clauses[0], { path: 'url', op: 'eq', values: ['a=b'] });
  assert.deepEqual(parseCondition('title=').clauses[0], { path: 'title', op: 'eq', values: [''] });
});

test('parseCondition rejects malformed text with a typed error', async (t) => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['=x', /no key before "="/],
    [' = x', /no key before "="/],
    ['!=x', /no key before "!="/],
    ['type=chat||', /clause 2: empty clause/],
    ['||type=chat', /clause 1: empty clause/],
    ['a=1||||b=2', /clause 2: empty clause/],
    ['a..b=1', /not a dotted path/],
    ['a b=1', /not a dotted path/],
    ['type=chat||=x', /clause 2: .*no key/],
  ];
  for (const [text, expected] of cases) {
    await t.test(JSON.stringify(text), () => {
      assert.throws(() => parseCondition(text), (error: unknown) => {
        assert.ok(error instanceof ConditionSyntaxError);
        assert.match(error.message, expected);
        return true;
      });
    });
  }
});
