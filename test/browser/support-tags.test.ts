/**
 * Tags of a support conversation edited in a real browser: added with Enter or the button, removed
 * with each tag's × (from the keyboard too), refused with a clear message when a duplicate, too
 * long or one too many; markup in a tag stays text; the inbox and a second operator's view follow.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TAG_LENGTH, MAX_TAGS } from '../../src/core/support/support-patch.ts';
import { createBridge, gatewayPost, postToBridge, supportConversations } from '../support/bridges.ts';
import { startNode, type TestNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshotOf } from './chromium.ts';
import { assertClean, signIn } from './flows.ts';

const SCRIPT_TAG = '<script>window.__tagged = 1</script>';
const IMG_TAG = '<img src=x onerror="window.__tagged=2">';

async function storedTags(node: TestNode): Promise<string[]> {
  const [conversation] = await supportConversations(node);
  return conversation.tags;
}

test('support tags: add, remove, limits, markup as text, inbox and live view follow', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const bridge = await createBridge(node, { name: 'SMS gateway' });
  await postToBridge(bridge.url, gatewayPost({ id: 'm1', text: 'Where is my refund?', chat: { id: '447700900123', name: 'Dana Visitor' } }));
  const [conversation] = await supportConversations(node);
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 1200, height: 900 } });
  const patches: unknown[] = [];
  page.on('request', (r) => r.method() === 'PATCH' && patches.push(r.postDataJSON()));
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conversation.id}`);

  const header = page.getByRole('region', { name: 'Support conversation' });
  const input = header.getByRole('textbox', { name: 'New tag' });
  const tags = header.getByRole('list', { name: 'Tags' });
  const shownTags = () => tags.locator('.tag__text').allTextContents();
  await header.getByText('Dana Visitor').waitFor();
  assert.equal(await tags.count(), 0, 'no tags yet');

  // Enter adds; so does the button. Each PATCH carries the whole list.
  await input.fill('vip');
  await input.press('Enter');
  await tags.getByRole('button', { name: 'Remove tag vip' }).waitFor();
  assert.equal(await input.inputValue(), '', 'the field empties for the next tag');
  await input.fill('  refund  ');
  await header.getByRole('button', { name: 'Add tag' }).click();
  await tags.getByRole('button', { name: 'Remove tag refund' }).waitFor();
  assert.deepEqual(await storedTags(node), ['vip', 'refund']);
  assert.deepEqual(patches, [{ tags: ['vip'] }, { tags: ['vip', 'refund'] }]);

  // Markup is a tag's text, nothing more.
  for (const tag of [SCRIPT_TAG, IMG_TAG]) {
    await input.fill(tag);
    await input.press('Enter');
    await tags.getByRole('button', { name: `Remove tag ${tag}` }).waitFor();
  }
  assert.deepEqual(await shownTags(), ['vip', 'refund', SCRIPT_TAG, IMG_TAG]);
  assert.deepEqual(await page.evaluate(() => ({
    scripts: document.querySelectorAll('.tag-editor script, .tag-editor img').length,
    tagged: (window as unknown as { __tagged?: number }).__tagged ?? null,
  })), { scripts: 0, tagged: null });
  assert.deepEqual(await storedTags(node), ['vip', 'refund', SCRIPT_TAG, IMG_TAG]);

  // A duplicate and a tag too long are refused before any request, the message tied to the field.
  const sent = patches.length;
  const error = header.locator('.tag-editor .error');
  await input.fill('vip');
  await input.press('Enter');
  await error.getByText('“vip” is already a tag.', { exact: true }).waitFor();
  assert.equal(await input.getAttribute('aria-describedby'), await error.getAttribute('id'));
  await input.fill('x'.repeat(MAX_TAG_LENGTH + 1));
  await header.getByRole('button', { name: 'Add tag' }).click();
  await error.getByText(`A tag can have at most ${MAX_TAG_LENGTH} characters; this one has ${MAX_TAG_LENGTH + 1}.`, { exact: true }).waitFor();
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  await screenshotOf(header, 'support-tags-error');
  await input.fill('');
  await error.waitFor({ state: 'detached' });
  assert.equal(patches.length, sent, 'nothing was sent');

  // Removing from the keyboard leaves focus in the editor.
  await tags.getByRole('button', { name: 'Remove tag refund' }).focus();
  await page.keyboard.press('Enter');
  await tags.getByRole('button', { name: 'Remove tag refund' }).waitFor({ state: 'detached' });
  assert.equal(await input.evaluate((el) => el === document.activeElement), true, 'focus moves to the tag field');
  assert.deepEqual(await storedTags(node), ['vip', SCRIPT_TAG, IMG_TAG]);

  // Another operator's change arrives live; at the limit, one more is refused.
  const full = Array.from({ length: MAX_TAGS }, (_, i) => `tag ${i + 1}`);
  const res = await node.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${conversation.id}`, headers: node.auth, payload: { tags: full } });
  assert.equal(res.statusCode, 200, res.body);
  await tags.getByRole('button', { name: `Remove tag tag ${MAX_TAGS}` }).waitFor();
  assert.deepEqual(await shownTags(), full);
  await input.fill('one more');
  await input.press('Enter');
  await error.getByText(`A conversation can have at most ${MAX_TAGS} tags: remove one first.`, { exact: true }).waitFor();
  await tags.getByRole('button', { name: 'Remove tag tag 1', exact: true }).click();
  await tags.getByRole('button', { name: 'Remove tag tag 1', exact: true }).waitFor({ state: 'detached' });
  await input.fill('vip <b>again</b>');
  await input.press('Enter');
  await tags.getByRole('button', { name: 'Remove tag vip <b>again</b>' }).waitFor();
  const finalTags = [...full.slice(1), 'vip <b>again</b>'];
  assert.deepEqual(await storedTags(node), finalTags);

  // The inbox lists the tags as stored, as text.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  const entry = page.getByRole('list', { name: 'Support conversations' }).getByRole('link').filter({ hasText: 'Dana Visitor' });
  await entry.getByRole('list', { name: 'Tags' }).getByText('vip <b>again</b>', { exact: true }).waitFor();
  assert.deepEqual(await entry.locator('.tag').allTextContents(), finalTags);
  assert.equal(await entry.locator('b').count(), 0);
  assertClean(watch);
});

test('support tags at phone width: the editor fits and works by touch', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const bridge = await createBridge(node, { name: 'SMS gateway' });
  await postToBridge(bridge.url, gatewayPost({ id: 'm1', text: 'Hi', chat: { id: '15550100', name: 'Sam' } }));
  const [conversation] = await supportConversations(node);
  const longTag = 'a-rather-long-tag-that-takes-the-whole-width-of-it';
  const res = await node.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${conversation.id}`, headers: node.auth, payload: { tags: [longTag, 'vip'] } });
  assert.equal(res.statusCode, 200, res.body);
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conversation.id}`);

  const header = page.getByRole('region', { name: 'Support conversation' });
  await header.getByRole('button', { name: `Remove tag ${longTag}` }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth && document.getElementById('main')!.scrollWidth <= window.innerWidth), 'nothing wider than the screen');
  await screenshotOf(header, 'phone-support-tags');
  await header.getByRole('button', { name: 'Remove tag vip' }).tap();
  await header.getByRole('button', { name: 'Remove tag vip' }).waitFor({ state: 'detached' });
  await header.getByRole('textbox', { name: 'New tag' }).fill('urgent');
  await header.getByRole('button', { name: 'Add tag' }).tap();
  await header.getByRole('button', { name: 'Remove tag urgent' }).waitFor();
  assert.deepEqual(await storedTags(node), [longTag, 'urgent']);
  assertClean(watch);
});
