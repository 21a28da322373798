import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postMessage } from '../../src/core/messages/post-message.ts';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshot } from './chromium.ts';
import { assertClean, composer, createConversationAsApi, messageWithBody, postAsApi, signIn, timeline } from './flows.ts';

test('sign in, create a conversation, post with the composer, see API posts arrive live', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const bob = await node.newUser('Bob');
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser);
  await signIn(page, base, node.admin.email);

  await page.getByRole('button', { name: 'New' }).click();
  await page.getByLabel('Title').fill('Ops room');
  await page.getByRole('button', { name: 'Create conversation' }).click();
  await page.getByRole('heading', { name: 'Ops room' }).waitFor();
  const conversationId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
  await page.locator('.live-dot--on').waitFor();

  // Enter sends; Shift+Enter is a new line inside the message.
  await composer(page).fill('Hello from the browser');
  await composer(page).press('Enter');
  await messageWithBody(page, 'Hello from the browser').waitFor();
  assert.equal(await composer(page).inputValue(), '', 'the composer empties after sending');
  await composer(page).pressSequentially('line one');
  await composer(page).press('Shift+Enter');
  await composer(page).pressSequentially('line two');
  await composer(page).press('Enter');
  await timeline(page).locator('.message__body', { hasText: 'line two' }).waitFor();
  const stored = (await node.app.inject({ url: `/api/v1/conversations/${conversationId}/messages`, headers: node.auth })).json().messages;
  assert.deepEqual(stored.map((m: { body: string }) => m.body), ['Hello from the browser', 'line one\nline two']);

  // A separate HTTP client posts; the page shows it without reloading.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/members`, headers: node.auth, payload: { email: bob.user.email } });
  await postAsApi(base, bob.token, conversationId, 'Posted by a script');
  const live = timeline(page).locator('.message', { hasText: 'Posted by a script' });
  await live.waitFor();
  assert.equal(await live.locator('.message__sender').textContent(), 'Bob');
  assert.equal(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true, 'no reload happened');

  // Members panel: Bob is listed, can be removed and added back by email.
  await page.getByRole('button', { name: 'Members' }).click();
  const panel = page.getByRole('complementary', { name: 'Members' });
  await panel.getByText(bob.user.email).waitFor();
  await panel.getByRole('button', { name: 'Remove Bob' }).click();
  await panel.getByText(bob.user.email).waitFor({ state: 'detached' });
  await panel.getByLabel('Add by email').fill(bob.user.email);
  await panel.getByRole('button', { name: 'Add' }).click();
  await panel.getByText(bob.user.email).waitFor();
  await screenshot(page, 'conversation-members');

  // Unread counts and the latest message in the list.
  const other = await createConversationAsApi(base, node.token, 'Alerts');
  await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${other.id}/members`, headers: node.auth, payload: { email: bob.user.email } });
  await postAsApi(base, bob.token, other.id, 'disk almost full');
  await page.reload();
  const entry = page.getByRole('complementary', { name: 'Conversations' }).getByRole('link', { name: /Alerts/ });
  await entry.getByLabel('1 unread').waitFor();
  assert.match((await entry.textContent()) ?? '', /Bob: disk almost full/);
  await entry.click();
  await messageWithBody(page, 'disk almost full').waitFor();
  await entry.getByLabel('1 unread').waitFor({ state: 'detached' });
  assertClean(watch);
});

test('long histories load when scrolling up', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const conv = await createConversationAsApi(node.config.publicUrl, node.token, 'History');
  for (let i = 1; i <= 120; i++) {
    await postMessage(node.ctx, { conversation_id: conv.id, body: `history ${i}`, sender: { type: 'bot', id: null, name: 'Archiver', avatar_url: null } });
  }
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser);
  await signIn(page, node.config.publicUrl, node.admin.email);
  await page.goto(`${node.config.publicUrl}/c/${conv.id}`);
  await messageWithBody(page, 'history 120').waitFor();
  const messages = timeline(page).locator('article.message');
  assert.equal(await messages.count(), 50, 'the latest page first');
  assert.equal(await messageWithBody(page, 'history 120').isVisible(), true, 'scrolled to the newest');

  for (const expected of [100, 120]) {
    await timeline(page).evaluate((el) => el.scrollTo(0, 0));
    await page.waitForFunction((n) => document.querySelectorAll('article.message').length === n, expected);
    // The reader keeps their place: the view did not jump to the very top of the new page.
    assert.ok(await timeline(page).evaluate((el) => el.scrollTop > 0) || expected === 120);
  }
  await messageWithBody(page, 'history 1').waitFor();
  await page.getByRole('button', { name: 'Load older messages' }).waitFor({ state: 'detached' });
  assertClean(watch);
});
