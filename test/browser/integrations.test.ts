import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshot } from './chromium.ts';
import { assertClean, createConversationAsApi, messageWithBody, signIn, timeline } from './flows.ts';

// A 1x1 PNG: small, real, decodable.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function postJson(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

test('integrations: add a hook, copy its URL, post to it, see files, rich content and cases live', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const conv = await createConversationAsApi(base, node.token, 'Stats');
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1200, height: 1500 } });
  await signIn(page, base, node.admin.email);

  // Conversation Settings > Integrations > add (the seeds' flow).
  await page.goto(`${base}/c/${conv.id}`);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { name: 'Integrations' }).waitFor();
  await page.getByLabel('Hook name').fill('Daily stats');
  await page.getByRole('button', { name: 'Add hook' }).click();
  const urlField = page.getByRole('textbox', { name: 'URL of Daily stats' });
  await urlField.waitFor();
  const hookUrl = await urlField.inputValue();
  assert.match(hookUrl, new RegExp(`^${base}/hook/[\\w-]{22,}$`));
  await page.getByRole('button', { name: 'Copy URL of Daily stats' }).click();
  await page.getByText('Copied to the clipboard', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), hookUrl);
  assert.match(await page.locator('.snippet pre').first().textContent() ?? '', new RegExp(hookUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  await screenshot(page, 'integrations');

  // Back in the conversation, posts to the hook from a separate client appear live.
  await page.getByRole('link', { name: /Back to Stats/ }).click();
  await page.locator('.live-dot--on').waitFor();
  assert.equal(await postJson(hookUrl, { message: 'Daily summary: 42 signups', user: 'Stats script' }), 200);
  const summary = timeline(page).locator('.message', { hasText: 'Daily summary: 42 signups' });
  await summary.waitFor();
  assert.equal(await summary.locator('.message__sender').textContent(), 'Stats script');
  assert.equal(await summary.locator('.tag').textContent(), 'hook');

  const form = new FormData();
  form.append('message', 'two files');
  form.append('files', new Blob([PNG], { type: 'image/png' }), 'dot.png');
  form.append('files', new Blob(['quarterly numbers\n'], { type: 'text/plain' }), 'notes.txt');
  assert.equal((await fetch(hookUrl, { method: 'POST', body: form })).status, 200);
  const image = timeline(page).getByRole('img', { name: 'dot.png' });
  await image.waitFor();
  await page.waitForFunction(() => (document.querySelector('img[alt="dot.png"]') as HTMLImageElement | null)?.naturalWidth === 1);
  const fileLink = timeline(page).getByRole('link', { name: /notes\.txt/ });
  assert.equal(await fileLink.getAttribute('download'), 'notes.txt');
  const [download] = await Promise.all([page.waitForEvent('download'), fileLink.click()]);
  assert.equal(await readFile((await download.path())!, 'utf8'), 'quarterly numbers\n', 'the download is the exact bytes');

  // Slack-style rich content with an avatar, rendered as a card.
  assert.equal(await postJson(hookUrl, {
    username: 'Alertmanager',
    icon_url: `${base}/assets/favicon.svg`,
    attachments: [{ color: 'danger', title: '[FIRING] DiskFull db-1', text: 'disk above 90%', fields: [{ title: 'host', value: 'db-1', short: true }] }],
  }), 200);
  const card = timeline(page).locator('.card--danger');
  await card.waitFor();
  assert.equal(await card.locator('.card__title').textContent(), '[FIRING] DiskFull db-1');
  assert.equal(await card.locator('dd').textContent(), 'db-1');
  assert.equal(await timeline(page).locator('.message', { hasText: 'DiskFull' }).locator('img.avatar').getAttribute('src'), `${base}/assets/favicon.svg`);

  // Cases are threads: the case bar shows each with its status; picking one shows only its messages.
  assert.equal(await postJson(hookUrl, { text: 'Order 1001 failed', id: 'order-1001' }), 200);
  assert.equal(await postJson(hookUrl, { text: 'Retry of 1001 succeeded', references: ['order-1001'] }), 200);
  await messageWithBody(page, 'Retry of 1001 succeeded').waitFor();
  const chip = page.getByRole('navigation', { name: 'Cases' }).getByRole('button', { name: /Order 1001 failed/ });
  await chip.getByText('open').waitFor();
  await chip.click();
  await page.waitForFunction(() => document.querySelectorAll('article.message').length === 2);
  await page.locator('.thread-banner').getByText('Order 1001 failed').waitFor();
  await page.getByRole('button', { name: 'All messages' }).click();
  await page.waitForFunction(() => document.querySelectorAll('article.message').length === 5);
  await screenshot(page, 'conversation-view');

  // Rotate kills the old URL; delete kills the new one.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('button', { name: 'Rotate URL Daily stats' }).click();
  await page.getByRole('button', { name: /Rotate: the old URL stops working/ }).click();
  await page.waitForFunction((old) => (document.querySelector('input[aria-label="URL of Daily stats"]') as HTMLInputElement | null)?.value !== old, hookUrl);
  const rotated = await page.getByRole('textbox', { name: 'URL of Daily stats' }).inputValue();
  assert.equal(await postJson(hookUrl, { message: 'old url' }), 404);
  assert.equal(await postJson(rotated, { message: 'new url' }), 200);
  await page.getByRole('button', { name: 'Delete Daily stats' }).click();
  await page.getByRole('button', { name: 'Delete hook' }).click();
  await page.getByText('No hooks yet.').waitFor();
  assert.equal(await postJson(rotated, { message: 'deleted' }), 404);
  assertClean(watch);
});
