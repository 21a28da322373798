import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshot } from './chromium.ts';
import { assertClean, composer, createConversationAsApi, messageWithBody, postAsApi, signIn } from './flows.ts';

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('phone width (375px): list and conversation one at a time, nothing wider than the screen', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const conv = await createConversationAsApi(base, node.token, 'A conversation with a rather long title for a phone');
  await postAsApi(base, node.token, conv.id, `A long line without spaces: ${'x'.repeat(300)} and a link https://example.test/${'y'.repeat(120)}`);
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await signIn(page, base, node.admin.email);

  const list = page.getByRole('complementary', { name: 'Conversations' });
  await list.getByRole('link', { name: /rather long title/ }).waitFor();
  assert.ok(await noSideways(page), 'the list fits');

  await list.getByRole('link', { name: /rather long title/ }).click();
  await messageWithBody(page, `A long line without spaces: ${'x'.repeat(300)} and a link https://example.test/${'y'.repeat(120)}`).waitFor();
  assert.equal(await list.isVisible(), false, 'the list gives way to the conversation');
  assert.ok(await noSideways(page), 'long words wrap');
  const box = (await composer(page).boundingBox())!;
  assert.ok(box.x >= 0 && box.x + box.width <= 375 && box.y + box.height <= 740, 'the composer is on screen');
  await composer(page).fill('sent from a phone');
  await page.getByRole('button', { name: 'Send' }).tap();
  await messageWithBody(page, 'sent from a phone').waitFor();
  await screenshot(page, 'phone-conversation');

  await page.getByRole('link', { name: 'Settings', exact: true }).tap();
  await page.getByRole('heading', { name: 'Integrations' }).waitFor();
  assert.ok(await noSideways(page), 'settings fit');
  await page.getByRole('link', { name: /Back to/ }).tap();
  await page.getByRole('link', { name: /Back to Conversations/ }).tap();
  await list.waitFor();
  assertClean(watch);
});
