import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLocation, isValidPath, readLocation, readPath } from './paths.ts';

const subject = {
  chatId: '37060000000@c.us',
  sender: { name: 'Ona', tags: ['vip', 'new'] },
  items: [{ id: 'm1' }, { id: 'm2' }],
  count: 42,
  fromMe: false,
  nothing: null,
  dotted: 'a.b.c',
};

test('readPath', async (t) => {
  const cases: [string, unknown][] = [
    ['chatId', '37060000000@c.us'],
    ['sender.name', 'Ona'],
    ['sender.tags.1', 'new'],
    ['items.0.id', 'm1'],
    ['items.2.id', undefined],
    ['items.length', undefined],
    ['items.01.id', undefined],
    ['count', 42],
    ['fromMe', false],
    ['nothing', null],
    ['nothing.deeper', undefined],
    ['chatId.length', undefined],
    ['missing', undefined],
    ['sender.missing.name', undefined],
    ['__proto__', undefined],
    ['constructor', undefined],
    ['sender.toString', undefined],
  ];
  for (const [path, expected] of cases) {
    await t.test(path, () => assert.deepEqual(readPath(subject, path), expected));
  }
});

test('isValidPath', async (t) => {
  const cases: [string, boolean][] = [
    ['a', true],
    ['_data.notifyName', true],
    ['items.0.id', true],
    ['$x.@y-z', true],
    ['', false],
    ['a..b', false],
    ['.a', false],
    ['a.', false],
    ['a b', false],
    ['a=b', false],
    ['a,b', false],
    ['{{a}}', false],
    ['a||b', false],
  ];
  for (const [path, expected] of cases) {
    await t.test(JSON.stringify(path), () => assert.equal(isValidPath(path), expected));
  }
});

test('readLocation', async (t) => {
  const cases: [string, unknown][] = [
    ['chatId', '37060000000@c.us'],
    ['chatId||@||0', '37060000000'],
    ['chatId||@||1', 'c.us'],
    ['chatId||@||last', 'c.us'],
    ['chatId||.||last', 'us'],
    // past the end keeps the whole value, as Live Helper Chat does
    ['chatId||@||5', '37060000000@c.us'],
    ['dotted||.||1', 'b'],
    ['count||2||0', '4'],
    ['missing||@||0', undefined],
    ['sender||@||0', undefined],
    ['sender.name', 'Ona'],
  ];
  for (const [location, expected] of cases) {
    await t.test(location, () => assert.deepEqual(readLocation(subject, location), expected));
  }
});

test('checkLocation rejects malformed locations', async (t) => {
  const cases: [string, RegExp | null][] = [
    ['chatId', null],
    ['chatId||@||0', null],
    ['chatId||@||last', null],
    [' chatId ', null],
    ['', /empty/],
    ['a..b', /not a dotted path/],
    ['chatId||@', /path\|\|separator\|\|index/],
    ['chatId||@||0||1', /path\|\|separator\|\|index/],
    ['chatId||||0', /separator is empty/],
    ['chatId||@||first', /neither a number/],
    ['chatId||@||-1', /neither a number/],
  ];
  for (const [text, expected] of cases) {
    await t.test(JSON.stringify(text), () => {
      const message = checkLocation(text);
      if (expected === null) assert.equal(message, null);
      else assert.match(message ?? '', expected);
    });
  }
});
