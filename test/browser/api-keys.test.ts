import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshot } from './chromium.ts';
import { assertClean, signIn } from './flows.ts';

test('Settings > API keys: create (shown once, copyable), list by prefix, use, revoke', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await signIn(page, base, node.admin.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();

  await page.getByLabel('Key name').fill('CI bot');
  await page.getByRole('button', { name: 'Create key' }).click();
  const tokenField = page.getByRole('textbox', { name: 'New API key' });
  await tokenField.waitFor();
  const token = await tokenField.inputValue();
  assert.match(token, /^sb_[\w-]{43}$/);
  await page.getByRole('button', { name: 'Copy the new API key' }).click();
  await page.getByText('Copied to the clipboard', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);

  const row = page.locator('.key', { hasText: 'CI bot' });
  assert.equal(await row.locator('.key__prefix').textContent(), `${token.slice(0, 11)}…`);
  assert.equal((await row.textContent())!.includes(token), false, 'the list shows only the prefix');
  await screenshot(page, 'settings-api-keys');

  const me = async () => (await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
  assert.equal(await me(), 200);
  await page.getByRole('button', { name: 'Done' }).click();
  await tokenField.waitFor({ state: 'detached' });
  await page.reload();
  await row.waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'New API key' }).count(), 0, 'never shown again');

  await row.getByRole('button', { name: 'Revoke CI bot' }).click();
  await row.getByRole('button', { name: 'Revoke key' }).click();
  await row.waitFor({ state: 'detached' });
  assert.equal(await me(), 401);
  assertClean(watch);
});
