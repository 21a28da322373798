/**
 * Editing an outgoing webhook in a real browser: the form opens prefilled, Cancel drops the draft,
 * a bad URL is named beside the field, saving PATCHes only what changed and the stored webhook
 * follows; a webhook the receiver disabled (410 Gone) is re-activated from its row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startReceiver } from '../support/receiver.ts';
import { startNode, type TestNode } from '../support/runtime.ts';
import { FAST_DELIVERY_ENV, createWebhook, newConversation, postMessage, waitForDeliveries } from '../support/webhooks.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshotOf } from './chromium.ts';
import { assertClean, signIn } from './flows.ts';

async function storedWebhook(node: TestNode, id: string) {
  const res = await node.app.inject({ url: `/api/v1/webhooks/${id}`, headers: node.auth });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { url: string; events: string[]; filters: Record<string, unknown>; parallel: boolean; status: string; disabled_reason: string | null; updated_at: string };
}

/** The bodies of the PATCH requests the page sends from now on. */
function recordPatches(page: Page): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PATCH' && request.url().includes('/api/v1/webhooks/')) bodies.push(request.postDataJSON());
  });
  return bodies;
}

test('edit a webhook: prefilled form, cancel, field error for a bad URL, only changes PATCHed', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const conv = await newConversation(node, 'Deploys');
  const oldUrl = 'https://bot.example.test/hooks/deploys';
  const newUrl = 'https://bot-v2.example.test/hooks/deploys';
  const webhook = await createWebhook(node, conv.id, { url: oldUrl, format: 'standard', events: ['message.created'], filters: { sender_types: ['user'], trigger_words: ['deploy'] } });
  const before = await storedWebhook(node, webhook.id);
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 1200, height: 1400 } });
  const patches = recordPatches(page);
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conv.id}/settings`);

  const row = page.getByRole('list', { name: 'Outgoing webhooks' }).getByRole('listitem');
  await row.getByRole('button', { name: `Edit ${oldUrl}` }).click();
  const form = page.getByRole('form', { name: `Edit ${oldUrl}` });
  const urlField = form.getByLabel('Target URL');
  assert.equal(await urlField.inputValue(), oldUrl);
  assert.equal(await urlField.evaluate((el) => el === document.activeElement), true, 'the URL field has focus');
  assert.equal(await form.getByRole('checkbox', { name: 'message.created' }).isChecked(), true);
  assert.equal(await form.getByRole('checkbox', { name: 'case.created' }).isChecked(), false);
  assert.equal(await form.locator('details.filters').evaluate((el) => (el as HTMLDetailsElement).open), true, 'set filters are shown');
  assert.equal(await form.getByRole('checkbox', { name: 'user', exact: true }).isChecked(), true);
  assert.equal(await form.getByLabel(/^Trigger words/).inputValue(), 'deploy');
  assert.equal(await form.getByRole('checkbox', { name: /^Parallel delivery/ }).isChecked(), false);

  // Cancel drops the draft: the row is back as it was, and the next edit starts from the stored webhook.
  await urlField.fill('https://somewhere.else.test/');
  await form.getByRole('checkbox', { name: 'case.created' }).check();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await form.waitFor({ state: 'detached' });
  await row.getByText('standard · message.created · senders: user · words: deploy', { exact: true }).waitFor();
  assert.equal(await row.getByRole('button', { name: `Edit ${oldUrl}` }).evaluate((el) => el === document.activeElement), true, 'focus returns to Edit');
  await page.keyboard.press('Enter');
  assert.equal(await urlField.inputValue(), oldUrl);
  assert.equal(await form.getByRole('checkbox', { name: 'case.created' }).isChecked(), false);

  // A URL the server cannot parse: its message sits beside the field, which points at it.
  await urlField.fill('http://exa mple.test/hook');
  await form.getByRole('button', { name: 'Save changes' }).click();
  const urlError = form.locator('.field__error');
  await urlError.getByText('must be an absolute http or https URL', { exact: true }).waitFor();
  assert.equal(await urlField.getAttribute('aria-invalid'), 'true');
  assert.equal(await urlField.getAttribute('aria-describedby'), await urlError.getAttribute('id'));
  // Without a scheme it is named before any request.
  await urlField.fill('bot.example.test/hook');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await urlError.getByText('must start with http:// or https://', { exact: true }).waitFor();
  assert.deepEqual(patches, [{ url: 'http://exa mple.test/hook' }], 'one PATCH, of the URL only');
  assert.equal((await storedWebhook(node, webhook.id)).updated_at, before.updated_at, 'nothing stored yet');
  // That 422 was the point; Chrome logs it as a failed resource, and nothing else may be there.
  assert.equal(watch.errors.length, 1, watch.errors.join('\n'));
  assert.match(watch.errors[0], /status of 422/);
  watch.errors.length = 0;

  // URL, events, filters and ordering at once.
  await urlField.fill(newUrl);
  await urlError.waitFor({ state: 'detached' });
  await form.getByRole('checkbox', { name: 'case.created' }).check();
  await form.getByRole('checkbox', { name: 'user', exact: true }).uncheck();
  await form.getByRole('checkbox', { name: 'contact', exact: true }).check();
  await form.getByLabel('Direction (support conversations)').selectOption('in');
  await form.getByLabel(/^Trigger words/).fill('deploy, rollback');
  await form.getByRole('checkbox', { name: /^Parallel delivery/ }).check();
  await screenshotOf(page.locator('.outgoing-webhooks'), 'webhook-edit-form');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await form.waitFor({ state: 'detached' });
  await row.getByText('Changes saved.').waitFor();
  await row.locator('.webhook__url', { hasText: newUrl }).waitFor();
  await row.getByText('standard · message.created, case.created · senders: contact · from visitors · words: deploy, rollback · parallel', { exact: true }).waitFor();
  assert.equal(await row.getByRole('button', { name: `Edit ${newUrl}` }).evaluate((el) => el === document.activeElement), true, 'focus returns to Edit');
  const saved = await storedWebhook(node, webhook.id);
  assert.deepEqual(
    { url: saved.url, events: saved.events, filters: saved.filters, parallel: saved.parallel },
    { url: newUrl, events: ['message.created', 'case.created'], filters: { sender_types: ['contact'], direction: 'in', trigger_words: ['deploy', 'rollback'] }, parallel: true },
  );

  // Only the trigger words change: the PATCH carries the filters alone; saving nothing sends nothing.
  await row.getByRole('button', { name: `Edit ${newUrl}` }).click();
  const again = page.getByRole('form', { name: `Edit ${newUrl}` });
  await again.getByLabel(/^Trigger words/).fill('');
  // The request event reaches the test on its own schedule: wait for this PATCH's answer itself.
  const answered = page.waitForResponse((res) => res.request().method() === 'PATCH' && res.url().includes(`/api/v1/webhooks/${webhook.id}`));
  await again.getByRole('button', { name: 'Save changes' }).click();
  await answered;
  await again.waitFor({ state: 'detached' });
  await row.getByRole('button', { name: `Edit ${newUrl}` }).click();
  await again.getByRole('button', { name: 'Save changes' }).click();
  await again.waitFor({ state: 'detached' });
  assert.deepEqual(patches.slice(2), [{ filters: { sender_types: ['contact'], direction: 'in' } }]);
  assert.deepEqual((await storedWebhook(node, webhook.id)).filters, { sender_types: ['contact'], direction: 'in' });
  assertClean(watch);
});

test('a webhook disabled by its receiver (410 Gone) is re-activated from its row', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', FAST_DELIVERY_ENV, { listen: true });
  const base = node.config.publicUrl;
  const receiver = await startReceiver(t, () => ({ status: 410 }));
  const conv = await newConversation(node, 'Old CRM');
  const webhook = await createWebhook(node, conv.id, { url: receiver.url, format: 'standard' });
  await postMessage(node, conv.id, 'hello');
  await waitForDeliveries(node, webhook.id, (ds) => ds.length === 1 && ds[0].status === 'dead');
  assert.equal((await storedWebhook(node, webhook.id)).status, 'disabled');

  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 1200, height: 1200 } });
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conv.id}/settings`);
  const row = page.getByRole('list', { name: 'Outgoing webhooks' }).getByRole('listitem');
  await row.locator('.webhook__head .status--disabled').waitFor();
  await row.getByText('Disabled: the receiver answered 410 Gone').waitFor();
  await row.getByRole('button', { name: `Re-activate ${webhook.url}` }).click();
  await row.locator('.webhook__head .status--active').waitFor();
  assert.equal(await row.getByText(/^Disabled:/).count(), 0);
  const stored = await storedWebhook(node, webhook.id);
  assert.deepEqual([stored.status, stored.disabled_reason], ['active', null]);
  assertClean(watch);
});
