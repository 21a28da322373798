import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshotOf } from './chromium.ts';
import { assertClean, composer, createConversationAsApi, timeline, signIn } from './flows.ts';

// A 1x1 PNG and a text file with non-ASCII bytes, so a re-encoding anywhere would show.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const TEXT = Buffer.from('incident notes\nstatus: résolu ✓\n', 'utf8');

test('upload files from the composer: the image shows inline, the text file downloads intact', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const conv = await createConversationAsApi(base, node.token, 'Uploads');
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser);
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conv.id}`);
  await page.locator('.live-dot--on').waitFor();

  // The file input is reachable with the keyboard, right after the message box.
  await composer(page).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'composer-files');

  await page.getByLabel('Attach files').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: TEXT },
    { name: 'pixel.png', mimeType: 'image/png', buffer: PNG },
    { name: 'wrong.txt', mimeType: 'text/plain', buffer: Buffer.from('not this one') },
  ]);
  const chosen = page.getByRole('list', { name: 'Files to send' });
  await chosen.getByRole('button', { name: 'Remove wrong.txt' }).click();
  assert.deepEqual(await chosen.locator('.attachment__name').allTextContents(), ['notes.txt', 'pixel.png']);

  await composer(page).fill('Here are the files');
  await composer(page).press('Enter');
  const message = timeline(page).locator('article.message', { hasText: 'Here are the files' });
  await message.waitFor();
  await chosen.waitFor({ state: 'detached' });

  const image = message.locator('img[alt="pixel.png"]');
  await image.waitFor();
  await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 1, await image.elementHandle());
  const link = message.getByRole('link', { name: /notes\.txt/ });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'notes.txt');
  assert.deepEqual(await readFile(await download.path()), TEXT, 'the downloaded bytes are the uploaded bytes');

  const stored = (await node.app.inject({ url: `/api/v1/conversations/${conv.id}/messages`, headers: node.auth })).json().messages;
  assert.deepEqual(stored.map((m: { attachments: { name: string }[] }) => m.attachments.map((a) => a.name)), [['notes.txt', 'pixel.png']]);
  await screenshotOf(message, 'conversation-upload');
  assertClean(watch);
});
