import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCoolingDown, matchRules, type RuleMessage, triggerMatches } from './match.ts';
import type { Rule, RuleTrigger } from './rule.ts';

function msg(body: string, sender_type: RuleMessage['sender_type'] = 'contact', direction: RuleMessage['direction'] = 'in'): RuleMessage {
  return { body, sender_type, direction };
}

function trigger(fields: Partial<RuleTrigger>): RuleTrigger {
  return { case_sensitive: false, ...fields };
}

test('triggerMatches', async (t) => {
  const cases: [string, Partial<RuleTrigger>, RuleMessage, boolean][] = [
    // keywords: whole words, any one of them, case-insensitive by default
    ['keyword', { keywords: ['price'] }, msg('What is the price?'), true],
    ['keyword any of', { keywords: ['cost', 'price'] }, msg('price list please'), true],
    ['keyword inside a word', { keywords: ['price'] }, msg('priceless advice'), false],
    ['keyword after a letter', { keywords: ['hi'] }, msg('this'), false],
    ['keyword with punctuation around', { keywords: ['hi'] }, msg('(hi!)'), true],
    ['keyword case-insensitive', { keywords: ['Hello'] }, msg('HELLO there'), true],
    ['keyword case-sensitive', { keywords: ['Hello'], case_sensitive: true }, msg('hello there'), false],
    ['keyword case-sensitive hit', { keywords: ['Hello'], case_sensitive: true }, msg('Hello there'), true],
    ['keyword non-ASCII word', { keywords: ['kaina'] }, msg('Kokia KAINA?'), true],
    ['keyword non-ASCII boundary', { keywords: ['kain'] }, msg('kainą'), false],
    ['keyword multi-word, spaces collapsed', { keywords: ['good morning'] }, msg('Good \n morning!'), true],
    ['keyword second occurrence whole', { keywords: ['cat'] }, msg('concat cat'), true],
    ['keyword with symbol edge', { keywords: ['c++'] }, msg('I write C++, mostly'), true],
    ['keyword with symbol edge inside word', { keywords: ['c++'] }, msg('abc++'), false],
    ['keyword number', { keywords: ['24/7'] }, msg('open 24/7?'), true],
    // phrase: a substring
    ['phrase', { phrase: 'how are' }, msg('Hello, HOW ARE you'), true],
    ['phrase inside words', { phrase: 'ice' }, msg('priceless'), true],
    ['phrase case-sensitive', { phrase: 'How', case_sensitive: true }, msg('how'), false],
    ['phrase miss', { phrase: 'refund' }, msg('return'), false],
    // pattern: RE2 search
    ['pattern', { pattern: 'order #?\\d{4,}' }, msg('My ORDER #12345 is late'), true],
    ['pattern case-sensitive', { pattern: 'order', case_sensitive: true }, msg('ORDER'), false],
    ['pattern anchored', { pattern: '^help$' }, msg('help me'), false],
    ['pattern seed 002 style', { pattern: '(#\\s|)(HELLO, HOW ARE YOU)' }, msg('# hello, how are you'), true],
    // every criterion must hold
    ['keywords and phrase', { keywords: ['price'], phrase: 'shipping' }, msg('price of shipping'), true],
    ['keywords but not phrase', { keywords: ['price'], phrase: 'shipping' }, msg('price of socks'), false],
    // sender types and direction
    ['bots skipped by default', { keywords: ['hi'] }, msg('hi', 'bot'), false],
    ['bots when named', { keywords: ['hi'], sender_types: ['bot'] }, msg('hi', 'bot'), true],
    ['users by default', { keywords: ['hi'] }, msg('hi', 'user', null), true],
    ['sender type filter', { keywords: ['hi'], sender_types: ['contact'] }, msg('hi', 'hook'), false],
    ['direction in', { keywords: ['hi'], direction: 'in' }, msg('hi', 'contact', 'in'), true],
    ['direction out', { keywords: ['hi'], direction: 'in' }, msg('hi', 'user', 'out'), false],
    ['direction in team conversation', { keywords: ['hi'], direction: 'in' }, msg('hi', 'user', null), false],
  ];
  for (const [name, fields, message, expected] of cases) {
    await t.test(name, () => assert.equal(triggerMatches(trigger(fields), message), expected));
  }
});

test('a catastrophic pattern runs in linear time on RE2', () => {
  const body = `${'a'.repeat(30_000)}b`;
  assert.equal(triggerMatches(trigger({ pattern: '(a+)+$' }), msg(body)), false);
  assert.equal(triggerMatches(trigger({ pattern: '(a+)+b$' }), msg(body)), true);
  assert.equal(triggerMatches(trigger({ pattern: '(a|aa)*c' }), msg(body)), false);
});

function rule(name: string, fields: Partial<RuleTrigger>, extra: Partial<Rule> = {}): Rule & { name: string } {
  return { name, trigger: trigger(fields), reply: name, enabled: true, cooldown_seconds: 0, continue: false, ...extra };
}

test('matchRules honours order, enabled and continue', async (t) => {
  const greeting = rule('greeting', { keywords: ['hello'] });
  const greetingLogged = rule('logged', { keywords: ['hello'] }, { continue: true });
  const disabled = rule('disabled', { keywords: ['hello'] }, { enabled: false });
  const price = rule('price', { keywords: ['price'] });
  const fallback = rule('fallback', { pattern: '.' });
  const cases: [string, Rule[], string, string[]][] = [
    ['first match wins', [greeting, price, fallback], 'hello, price?', ['greeting']],
    ['order decides', [price, greeting, fallback], 'hello, price?', ['price']],
    ['continue lets later rules fire', [greetingLogged, price, greeting, fallback], 'hello, price?', ['logged', 'price']],
    ['continue to the end', [greetingLogged], 'hello', ['logged']],
    ['disabled rules are skipped', [disabled, fallback], 'hello', ['fallback']],
    ['non-matching rules are skipped', [price, greeting], 'hello', ['greeting']],
    ['nothing fires', [price, greeting], 'bye', []],
    ['no rules', [], 'hello', []],
  ];
  for (const [name, rules, body, expected] of cases) {
    await t.test(name, () => {
      const fired = matchRules(rules as (Rule & { name: string })[], msg(body));
      assert.deepEqual(fired.map((r) => r.name), expected);
    });
  }
});

test('isCoolingDown', async (t) => {
  const cases: [string, number, number | null, number, boolean][] = [
    ['never fired', 60, null, 1_000_000, false],
    ['no cooldown', 0, 999_999, 1_000_000, false],
    ['within cooldown', 60, 1_000_000, 1_059_999, true],
    ['cooldown over', 60, 1_000_000, 1_060_000, false],
    ['just fired', 1, 1_000_000, 1_000_000, true],
  ];
  for (const [name, cooldown_seconds, last, now, expected] of cases) {
    await t.test(name, () => assert.equal(isCoolingDown({ cooldown_seconds }, last, now), expected));
  }
});
