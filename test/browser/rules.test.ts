/**
 * Integrations > Auto-responder rules in a real browser: a rule made in the editor answers a
 * message live; a pattern RE2 refuses gets the API's 422 message beside the field; disable, delete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshotOf } from './chromium.ts';
import { assertClean, composer, createConversationAsApi, messageWithBody, signIn, timeline } from './flows.ts';

test('auto-responder rules: create in the editor, answer live, field errors, disable, delete', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const conv = await createConversationAsApi(base, node.token, 'Front desk');
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 1200, height: 1400 } });
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conv.id}/settings`);

  const form = page.getByRole('form', { name: 'New auto-responder rule' });
  await form.getByLabel(/^Keywords/).fill('price, cost');
  await form.getByLabel('Reply', { exact: true }).fill('Hi ');
  await form.getByRole('button', { name: 'Insert {{sender.name}} into the reply' }).click();
  await form.getByLabel('Reply', { exact: true }).press('End');
  await form.getByLabel('Reply', { exact: true }).pressSequentially(', prices are at https://example.test/prices');
  await form.getByLabel(/^Bot name/).fill('Price bot');
  await form.getByRole('button', { name: 'Add rule' }).click();
  const rules = page.getByRole('list', { name: 'Auto-responder rules' });
  const first = rules.getByRole('listitem').first();
  await first.getByText('keywords: price, cost').waitFor();
  assert.match(await first.locator('.rule__reply').textContent() ?? '', /Price bot replies: Hi \{\{sender\.name\}\}, prices are at/);

  // A second rule, in order after the first: a phrase, case-sensitive, with a cool-down.
  await form.getByLabel('Trigger type').selectOption('phrase');
  await form.getByLabel(/^Phrase/).fill('Opening Hours');
  await form.getByLabel('Case-sensitive').check();
  await form.getByLabel('Reply', { exact: true }).fill('We are open 9-17 in {{conversation.title}}.');
  await form.getByLabel('Cool-down (seconds)').fill('60');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await rules.getByRole('listitem').nth(1).getByText('phrase: “Opening Hours” (case-sensitive)').waitFor();
  await rules.getByRole('listitem').nth(1).getByText('cool-down 60 s').waitFor();

  // RE2 has no lookahead: the API refuses the pattern with 422 and its message shows by the field.
  await form.getByLabel('Trigger type').selectOption('pattern');
  const patternInput = form.getByLabel(/^Regular expression/);
  await patternInput.fill('price(?=s)');
  await form.getByLabel('Reply', { exact: true }).fill('Looking up your order.');
  await form.getByRole('button', { name: 'Add rule' }).click();
  const fieldError = form.locator('#new-rule-trigger-error');
  await fieldError.getByText(/not a supported regular expression/).waitFor();
  assert.equal(await patternInput.getAttribute('aria-invalid'), 'true');
  assert.equal(await patternInput.getAttribute('aria-describedby'), 'new-rule-trigger-error');
  // That 422 was the point; Chrome logs it as a failed resource, and nothing else may be there.
  assert.equal(watch.errors.length, 1, watch.errors.join('\n'));
  assert.match(watch.errors[0], /status of 422/);
  watch.errors.length = 0;
  await patternInput.fill('^order\\s+#?\\d+');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await rules.getByRole('listitem').nth(2).getByText('regex: /^order\\s+#?\\d+/', { exact: true }).waitFor();
  assert.match(await rules.getByRole('listitem').nth(2).textContent() ?? '', /Auto-responder replies: Looking up your order\.no cool-down/, 'options start from the defaults again');
  assert.equal(await fieldError.count(), 0, 'the error goes once the rule is saved');
  await screenshotOf(page.locator('.auto-responder'), 'integrations-rules');

  // The rule answers a message posted in the UI, live, under its name.
  await page.getByRole('link', { name: /Back to Front desk/ }).click();
  await page.locator('.live-dot--on').waitFor();
  await composer(page).fill('What is the price of the pro plan?');
  await page.getByRole('button', { name: 'Send' }).click();
  const answer = messageWithBody(page, 'Hi Admin, prices are at https://example.test/prices');
  await answer.waitFor();
  const answerItem = timeline(page).locator('.message').filter({ hasText: 'Hi Admin, prices are at' });
  assert.equal(await answerItem.locator('.message__sender').textContent(), 'Price bot');
  assert.equal(await answerItem.getByRole('link', { name: 'https://example.test/prices' }).getAttribute('href'), 'https://example.test/prices');

  // Disable and delete from the editor; the API agrees.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await rules.getByRole('checkbox', { name: 'Enabled: rule 1' }).uncheck();
  await rules.getByRole('listitem').first().and(page.locator('.rule--off')).waitFor();
  await rules.getByRole('button', { name: 'Delete rule 2' }).click();
  await rules.getByRole('button', { name: 'Delete rule', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('.rules > li').length === 2);
  const stored = (await (await fetch(`${base}/api/v1/conversations/${conv.id}/rules`, { headers: node.auth })).json()).rules;
  assert.deepEqual(stored.map((r: { enabled: boolean; trigger: object }) => [r.enabled, Object.keys(r.trigger).sort()]), [[false, ['case_sensitive', 'keywords']], [true, ['case_sensitive', 'pattern']]]);
  assertClean(watch);
});
