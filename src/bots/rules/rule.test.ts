import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRule } from './rule.ts';

test('validateRule fills in defaults', () => {
  assert.deepEqual(validateRule({ trigger: { keywords: [' hello '] }, reply: 'Hi {{ sender.name }}!' }), {
    ok: true,
    rule: {
      trigger: { case_sensitive: false, keywords: ['hello'] },
      reply: 'Hi {{ sender.name }}!',
      enabled: true,
      cooldown_seconds: 0,
      continue: false,
    },
  });
});

test('validateRule keeps every trigger criterion it is given', () => {
  const input = {
    trigger: {
      keywords: ['price'],
      phrase: 'how much',
      pattern: '\\d+ ?(eur|usd)',
      case_sensitive: true,
      sender_types: ['contact', 'hook'],
      direction: 'in',
    },
    reply: 'See {{conversation.title}}',
    enabled: false,
    cooldown_seconds: 3600,
    continue: true,
  };
  assert.deepEqual(validateRule(input), { ok: true, rule: input });
});

test('validateRule names the failing field', async (t) => {
  const base = { trigger: { keywords: ['hi'] }, reply: 'Hello' };
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', 'rule', 'rule', /object/],
    ['unknown field', { ...base, id: 'r1' }, 'id', /unknown field/],
    ['unknown trigger field', { ...base, trigger: { keywords: ['hi'], regex: 'x' } }, 'trigger.regex', /unknown field/],
    ['missing trigger', { reply: 'x' }, 'trigger', /object/],
    ['nothing to match', { ...base, trigger: { case_sensitive: true } }, 'trigger', /at least one of keywords, phrase or pattern/],
    ['empty keyword list', { ...base, trigger: { keywords: [] } }, 'trigger.keywords', /non-empty/],
    ['blank keyword', { ...base, trigger: { keywords: ['ok', '  '] } }, 'trigger.keywords[1]', /empty/],
    ['non-string keyword', { ...base, trigger: { keywords: [5] } }, 'trigger.keywords[0]', /string/],
    ['too many keywords', { ...base, trigger: { keywords: Array.from({ length: 51 }, (_, i) => `k${i}`) } }, 'trigger.keywords', /at most 50/],
    ['empty phrase', { ...base, trigger: { phrase: '' } }, 'trigger.phrase', /empty/],
    ['backreference', { ...base, trigger: { pattern: '(a)\\1' } }, 'trigger.pattern', /invalid escape sequence/],
    ['lookahead', { ...base, trigger: { pattern: 'foo(?=bar)' } }, 'trigger.pattern', /unsupported Perl syntax/],
    ['lookbehind', { ...base, trigger: { pattern: '(?<!x)y' } }, 'trigger.pattern', /RE2 syntax/],
    ['unbalanced', { ...base, trigger: { pattern: '(abc' } }, 'trigger.pattern', /missing closing \)/],
    ['too long pattern', { ...base, trigger: { pattern: 'a'.repeat(501) } }, 'trigger.pattern', /at most 500/],
    ['bad sender type', { ...base, trigger: { keywords: ['hi'], sender_types: ['contact', 'robot'] } }, 'trigger.sender_types[1]', /one of/],
    ['empty sender types', { ...base, trigger: { keywords: ['hi'], sender_types: [] } }, 'trigger.sender_types', /non-empty/],
    ['bad direction', { ...base, trigger: { keywords: ['hi'], direction: 'both' } }, 'trigger.direction', /"in" or "out"/],
    ['bad case flag', { ...base, trigger: { keywords: ['hi'], case_sensitive: 'yes' } }, 'trigger.case_sensitive', /true or false/],
    ['empty reply', { ...base, reply: ' ' }, 'reply', /empty/],
    ['too long reply', { ...base, reply: 'x'.repeat(4001) }, 'reply', /at most 4000/],
    ['unknown placeholder', { ...base, reply: 'Hi {{sender.email}}' }, 'reply', /unknown placeholder \{\{sender.email\}\}/],
    ['unclosed placeholder', { ...base, reply: 'Hi {{sender.name' }, 'reply', /never closed/],
    ['empty placeholder', { ...base, reply: 'Hi {{}}' }, 'reply', /unknown placeholder \{\{\}\}/],
    ['negative cooldown', { ...base, cooldown_seconds: -1 }, 'cooldown_seconds', /whole number/],
    ['fractional cooldown', { ...base, cooldown_seconds: 1.5 }, 'cooldown_seconds', /whole number/],
    ['text cooldown', { ...base, cooldown_seconds: '60' }, 'cooldown_seconds', /whole number/],
    ['bad enabled', { ...base, enabled: 'true' }, 'enabled', /true or false/],
    ['bad continue', { ...base, continue: 1 }, 'continue', /true or false/],
  ];
  for (const [name, input, field, message] of cases) {
    await t.test(name, () => {
      const checked = validateRule(input);
      assert.equal(checked.ok, false);
      if (checked.ok) return;
      assert.equal(checked.field, field);
      assert.match(checked.message, message);
    });
  }
});
