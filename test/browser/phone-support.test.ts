/**
 * Phone width (375px) and the keyboard on the pages added for outgoing webhooks, auto-responder
 * rules, the support inbox and bridges: nothing wider than the screen, forms usable from the keyboard.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createBridge, gatewayPost, postToBridge } from '../support/bridges.ts';
import { startReceiver } from '../support/receiver.ts';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshotOf } from './chromium.ts';
import { assertClean, createConversationAsApi, postAsApi, signIn } from './flows.ts';

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth && document.getElementById('main')!.scrollWidth <= window.innerWidth);

test('phone width and keyboard: integrations, support inbox, support conversation, bridges', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', { OUTGOING_ALLOWED_NETS: '127.0.0.1/32' }, { listen: true });
  const base = node.config.publicUrl;
  const receiver = await startReceiver(t);
  const conv = await createConversationAsApi(base, node.token, 'Release notes for the mobile team');
  const bridge = await createBridge(node, { name: 'WhatsApp gateway with a long name' });
  await postToBridge(bridge.url, gatewayPost({ id: 'm1', text: 'Hi from a phone', chat: { id: '15550100', name: 'Sam', phone: '+1 555 0100', email: 'sam.with.a.rather.long.address@example.test' } }));
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conv.id}/settings`);

  // Keyboard only: the URL field submits its form with Enter; the log opens with Space.
  const url = `${receiver.url}/a/rather/long/path/for/a/narrow/screen?token=abcdefghijklmnopqrstuvwxyz`;
  await page.getByLabel('Target URL').focus();
  await page.keyboard.type(url);
  await page.keyboard.press('Enter');
  const logButton = page.getByRole('button', { name: `Delivery log of ${url}` });
  await logButton.focus();
  await page.keyboard.press('Space');
  await postAsApi(base, node.token, conv.id, 'hello receiver');
  await page.locator('.delivery--delivered').waitFor();
  await page.getByLabel(/^Keywords/).focus();
  await page.keyboard.type('hello');
  await page.keyboard.press('Tab'); // case-sensitive
  await page.keyboard.press('Tab'); // reply
  await page.keyboard.type('Hello {{sender.name}}');
  await page.getByRole('button', { name: 'Add rule' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('list', { name: 'Auto-responder rules' }).getByText('keywords: hello').waitFor();
  assert.ok(await noSideways(page), 'integrations fit');

  await page.getByRole('link', { name: 'Inbox' }).tap();
  const entry = page.getByRole('list', { name: 'Support conversations' }).getByRole('link').filter({ hasText: 'Sam' });
  await entry.waitFor();
  assert.ok(await noSideways(page), 'the inbox fits');
  await screenshotOf(page.locator('body'), 'phone-support-inbox');
  await entry.tap();
  await page.getByRole('region', { name: 'Support conversation' }).getByRole('button', { name: 'Assign to me' }).waitFor();
  assert.ok(await noSideways(page), 'the support conversation fits');

  await page.getByRole('link', { name: 'Bridges' }).tap();
  await page.getByRole('textbox', { name: 'URL of WhatsApp gateway with a long name' }).waitFor();
  assert.ok(await noSideways(page), 'bridges fit');
  assertClean(watch);
});
