import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidField } from '../../mapping/validation.ts';
import { conditionsHold, readConditions, type ActionCondition } from './conditions.ts';

const subject = {
  event: { type: 'message.created' },
  message: { body: 'urgent: call me', direction: 'in', sender: { type: 'contact', id: 'c1' }, tags: ['vip', 'new'], count: 3, flag: false, empty: '' },
  conversation: { kind: 'support' },
  bridge: { scope: 'whatsapp', attributes: { host: 'http://gw' } },
  case: null,
};

const cases: [string, ActionCondition, boolean][] = [
  ['= on a string', { path: 'message.direction', op: '=', value: 'in' }, true],
  ['= differs', { path: 'message.direction', op: '=', value: 'out' }, false],
  ['= on a missing path', { path: 'message.nothing', op: '=', value: '' }, false],
  ['= on a number, as text', { path: 'message.count', op: '=', value: '3' }, true],
  ['= on false, as text', { path: 'message.flag', op: '=', value: 'false' }, true],
  ['!= holds when different', { path: 'message.sender.type', op: '!=', value: 'user' }, true],
  ['!= holds when missing', { path: 'bridge.missing', op: '!=', value: 'x' }, true],
  ['!= fails when equal', { path: 'conversation.kind', op: '!=', value: 'support' }, false],
  ['contains a substring', { path: 'message.body', op: 'contains', value: 'urgent' }, true],
  ['contains is case-sensitive', { path: 'message.body', op: 'contains', value: 'URGENT' }, false],
  ['contains a list item', { path: 'message.tags', op: 'contains', value: 'vip' }, true],
  ['contains no partial list item', { path: 'message.tags', op: 'contains', value: 'vi' }, false],
  ['contains on missing', { path: 'message.none', op: 'contains', value: '' }, false],
  ['present', { path: 'bridge.attributes.host', op: 'present' }, true],
  ['present: empty string is absent', { path: 'message.empty', op: 'present' }, false],
  ['absent: null', { path: 'case', op: 'absent' }, true],
  ['absent: missing', { path: 'case.id', op: 'absent' }, true],
  ['absent fails when set', { path: 'bridge.scope', op: 'absent' }, false],
  ['no prototype walk', { path: 'message.constructor', op: 'present' }, false],
];

for (const [name, condition, expected] of cases) {
  test(`condition: ${name}`, () => {
    assert.equal(conditionsHold([readConditions([condition])[0]], subject), expected);
  });
}

test('conditions: all must hold; none always holds', () => {
  assert.equal(conditionsHold([], subject), true);
  assert.equal(conditionsHold([{ path: 'message.direction', op: '=', value: 'in' }, { path: 'bridge.scope', op: '=', value: 'sms' }], subject), false);
});

const invalid: [string, unknown, string][] = [
  ['not a list', { path: 'a' }, 'conditions'],
  ['not an object', ['message.body=1'], 'conditions[0]'],
  ['unknown root', [{ path: 'env.SECRET', op: 'present' }], 'conditions[0].path'],
  ['bad path', [{ path: 'message..body', op: 'present' }], 'conditions[0].path'],
  ['unknown op', [{ path: 'message.body', op: '=', value: 'a' }, { path: 'message.body', op: '~' }], 'conditions[1].op'],
  ['missing value', [{ path: 'message.body', op: '=' }], 'conditions[0].value'],
  ['value on present', [{ path: 'message.body', op: 'present', value: 'x' }], 'conditions[0].value'],
  ['unknown key', [{ path: 'message.body', op: 'present', negate: true }], 'conditions[0].negate'],
];

for (const [name, input, field] of invalid) {
  test(`conditions invalid: ${name} → ${field}`, () => {
    assert.throws(() => readConditions(input), (error: unknown) => error instanceof InvalidField && error.field === field);
  });
}

test('conditions: numbers and booleans are kept as text', () => {
  assert.deepEqual(readConditions([{ path: 'message.count', op: '=', value: 3 }, { path: 'message.flag', op: '!=', value: true }]), [
    { path: 'message.count', op: '=', value: '3' },
    { path: 'message.flag', op: '!=', value: 'true' },
  ]);
});
