/**
 * Auto-responder rules in a real browser, beyond adding them: moving rules up and down with the
 * keyboard (the API stores the new order), and whom a rule answers: a sender-type filter set in
 * the form and in its edit form, and the direction in a support conversation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startNode, type TestNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshotOf } from './chromium.ts';
import { assertClean, composer, createConversationAsApi, messageWithBody, signIn } from './flows.ts';

type StoredRule = { name: string; position: number; trigger: { sender_types?: string[]; direction?: string } };

async function rulesOf(node: TestNode, conversationId: string): Promise<StoredRule[]> {
  const res = await fetch(`${node.config.publicUrl}/api/v1/conversations/${conversationId}/rules`, { headers: node.auth });
  assert.equal(res.status, 200);
  return (await res.json()).rules;
}

async function createRuleAsApi(node: TestNode, conversationId: string, name: string, keyword: string): Promise<void> {
  const res = await fetch(`${node.config.publicUrl}/api/v1/conversations/${conversationId}/rules`, {
    method: 'POST',
    headers: { ...node.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name, trigger: { keywords: [keyword] }, reply: `${name} answers` }),
  });
  assert.equal(res.status, 201, await res.text());
}

/** Waits until the focused element is the one labelled `label` (focus moves after the list renders). */
async function expectFocus(page: Page, label: string): Promise<void> {
  await page.waitForFunction((want) => document.activeElement?.getAttribute('aria-label') === want, label, { timeout: 5000 });
}

test('auto-responder rules: move up and down with the keyboard, in the order the API keeps', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const conv = await createConversationAsApi(base, node.token, 'Front desk');
  for (const [name, keyword] of [['General', 'refund'], ['Specific', 'order'], ['Fallback', 'help']]) await createRuleAsApi(node, conv.id, name, keyword);
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 390, height: 1600 } });
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conv.id}/settings`);
  const rules = page.getByRole('list', { name: 'Auto-responder rules' });
  const names = () => rules.locator('.rule__reply .muted').allTextContents();
  await rules.getByRole('button', { name: 'Move up: Specific, rule 2' }).waitFor();

  // The ends cannot move further.
  assert.equal(await rules.getByRole('button', { name: 'Move up: General, rule 1' }).isDisabled(), true);
  assert.equal(await rules.getByRole('button', { name: 'Move down: Fallback, rule 3' }).isDisabled(), true);

  await rules.getByRole('button', { name: 'Move up: Specific, rule 2' }).focus();
  await page.keyboard.press('Enter');
  await rules.getByRole('button', { name: 'Move down: Specific, rule 1' }).waitFor();
  assert.deepEqual(await names(), ['Specific replies: ', 'General replies: ', 'Fallback replies: ']);
  assert.deepEqual((await rulesOf(node, conv.id)).map((r) => [r.position, r.name]), [[0, 'Specific'], [1, 'General'], [2, 'Fallback']]);
  // Focus stays with the rule that moved; at the top its "Move up" is disabled, so "Move down" has it.
  await expectFocus(page, 'Move down: Specific, rule 1');
  assert.equal(await page.getByRole('status').filter({ hasText: 'Specific is now rule 1 of 3.' }).count(), 1);

  await page.keyboard.press('Enter');
  await rules.getByRole('button', { name: 'Move down: Specific, rule 2' }).waitFor();
  await expectFocus(page, 'Move down: Specific, rule 2');
  await page.keyboard.press('Space');
  await rules.getByRole('button', { name: 'Move up: Specific, rule 3' }).waitFor();
  assert.deepEqual(await names(), ['General replies: ', 'Fallback replies: ', 'Specific replies: ']);
  assert.deepEqual((await rulesOf(node, conv.id)).map((r) => [r.position, r.name]), [[0, 'General'], [1, 'Fallback'], [2, 'Specific']]);
  await expectFocus(page, 'Move up: Specific, rule 3');

  // With the mouse too, at phone width.
  await rules.getByRole('button', { name: 'Move up: Fallback, rule 2' }).click();
  await rules.getByRole('button', { name: 'Move down: Fallback, rule 1' }).waitFor();
  assert.deepEqual((await rulesOf(node, conv.id)).map((r) => r.name), ['Fallback', 'General', 'Specific']);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling at phone width (${width}px)`);
  await screenshotOf(page.locator('.rules'), 'integrations-rules-order');
  assertClean(watch);
});

test('auto-responder rules: a sender-type filter from the form decides who gets an answer; direction in support', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const conv = await createConversationAsApi(base, node.token, 'Ops');
  const hookRes = await fetch(`${base}/api/v1/conversations/${conv.id}/hooks`, { method: 'POST', headers: { ...node.auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Monitor' }) });
  assert.equal(hookRes.status, 201);
  const hookUrl: string = (await hookRes.json()).url;
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 1200, height: 1400 } });
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conv.id}/settings`);

  // A team conversation: no visitors and no direction to choose.
  const form = page.getByRole('form', { name: 'New auto-responder rule' });
  const senders = form.getByRole('group', { name: 'Answer messages from' });
  await senders.getByLabel('People (user)').waitFor();
  await page.getByText('No rules yet.').waitFor();
  assert.deepEqual(await senders.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => [(b.parentElement?.textContent ?? '').trim(), (b as HTMLInputElement).checked])),
    [['People (user)', true], ['Incoming webhooks (hook)', true], ['Bots (bot)', false]]);
  assert.equal(await form.getByLabel('Direction').count(), 0);

  await form.getByLabel(/^Keywords/).fill('status');
  await form.getByLabel('Reply', { exact: true }).fill('All systems go.');
  await form.getByLabel(/^Bot name/).fill('Status bot');
  await senders.getByLabel('People (user)').uncheck();
  await form.getByRole('button', { name: 'Add rule' }).click();
  const rules = page.getByRole('list', { name: 'Auto-responder rules' });
  await rules.getByText('only from: incoming webhooks').waitFor();
  assert.deepEqual((await rulesOf(node, conv.id)).map((r) => r.trigger.sender_types), [['hook']]);

  // A person's message gets no answer; the hook's, sent after it, does.
  await page.getByRole('link', { name: /Back to Ops/ }).click();
  await page.locator('.live-dot--on').waitFor();
  await composer(page).fill('status of the API?');
  await page.getByRole('button', { name: 'Send' }).click();
  await messageWithBody(page, 'status of the API?').waitFor();
  const posted = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'status: db-1 is up', user: 'Monitor' }) });
  assert.equal(posted.status, 200);
  await messageWithBody(page, 'All systems go.').waitFor();
  const bodies = async () => ((await (await fetch(`${base}/api/v1/conversations/${conv.id}/messages`, { headers: node.auth })).json()).messages as { body: string; sender: { type: string } }[]).map((m) => `${m.sender.type}: ${m.body}`);
  assert.deepEqual(await bodies(), ['user: status of the API?', 'hook: status: db-1 is up', 'bot: All systems go.']);

  // The edit form shows the filter; ticking people makes the rule answer them too.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await rules.getByRole('button', { name: 'Edit: Status bot, rule 1' }).click();
  const edit = page.getByRole('form', { name: 'Edit rule 1' });
  const editSenders = edit.getByRole('group', { name: 'Answer messages from' });
  assert.equal(await editSenders.getByLabel('People (user)').isChecked(), false);
  assert.equal(await editSenders.getByLabel('Incoming webhooks (hook)').isChecked(), true);
  assert.equal(await edit.getByLabel(/^Keywords/).inputValue(), 'status');
  await editSenders.getByLabel('People (user)').check();
  await edit.getByRole('button', { name: 'Save rule' }).click();
  await rules.getByText('only from: people, incoming webhooks').waitFor();
  await expectFocus(page, 'Edit: Status bot, rule 1'); // back where the editor was opened
  assert.deepEqual((await rulesOf(node, conv.id)).map((r) => r.trigger.sender_types), [['user', 'hook']]);
  await page.getByRole('link', { name: /Back to Ops/ }).click();
  await page.locator('.live-dot--on').waitFor();
  await composer(page).fill('status again?');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.message__body').length === 5);
  assert.deepEqual((await bodies()).slice(3), ['user: status again?', 'bot: All systems go.']);

  // A support conversation offers visitors and the direction.
  const supportRes = await fetch(`${base}/api/v1/conversations`, { method: 'POST', headers: { ...node.auth, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Help desk', kind: 'support' }) });
  const support = await supportRes.json();
  await page.goto(`${base}/c/${support.id}/settings`);
  await form.getByLabel('Direction').waitFor();
  await form.getByRole('group', { name: 'Answer messages from' }).getByLabel('Visitors (contact)').waitFor();
  await form.getByLabel(/^Keywords/).fill('hours');
  await form.getByLabel('Reply', { exact: true }).fill('We are open 9-17.');
  await form.getByLabel('Direction').selectOption('in');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await rules.getByText('only from the visitor').waitFor();
  assert.deepEqual((await rulesOf(node, support.id)).map((r) => [r.trigger.direction, r.trigger.sender_types]), [['in', undefined]]);
  await rules.getByRole('button', { name: 'Edit: Auto-responder, rule 1' }).click();
  assert.equal(await page.getByRole('form', { name: 'Edit rule 1' }).getByLabel('Direction').inputValue(), 'in');
  await screenshotOf(page.locator('.auto-responder'), 'integrations-rules-support');
  assertClean(watch);
});
