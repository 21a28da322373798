import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReplyTemplate, renderReply } from './render.ts';

const vars = { sender: { name: 'Rūta' }, conversation: { title: 'Orders {{sender.name}}' } };

test('renderReply', async (t) => {
  const cases: [string, string][] = [
    ['Hi {{sender.name}}!', 'Hi Rūta!'],
    ['Hi {{ sender.name }}!', 'Hi Rūta!'],
    ['{{sender.name}} in {{conversation.title}}', 'Rūta in Orders {{sender.name}}'],
    ['{{sender.name}}{{sender.name}}', 'RūtaRūta'],
    ['No placeholders, {single} braces and }} stray', 'No placeholders, {single} braces and }} stray'],
  ];
  for (const [template, expected] of cases) {
    await t.test(template, () => assert.equal(renderReply(template, vars), expected));
  }
});

test('checkReplyTemplate', async (t) => {
  const cases: [string, RegExp | null][] = [
    ['Hi {{sender.name}}', null],
    ['Welcome to {{\tconversation.title\n}}', null],
    ['plain', null],
    ['Hi {{sender.email}}', /unknown placeholder \{\{sender.email\}\}/],
    ['Hi {{msg.body}}', /unknown placeholder/],
    ['Hi {{sender.name', /never closed/],
    ['Hi {{sender.name}} and {{', /offset 23 is never closed/],
    ['{{}}', /unknown placeholder \{\{\}\}/],
  ];
  for (const [template, expected] of cases) {
    await t.test(JSON.stringify(template), () => {
      const message = checkReplyTemplate(template);
      if (expected === null) assert.equal(message, null);
      else assert.match(message ?? '', expected);
    });
  }
  assert.throws(() => renderReply('{{sender.email}}', vars), /unknown placeholder/);
});
