import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postMessage } from '../../src/core/messages/post-message.ts';
import { createUser } from '../../src/core/users/users.ts';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage } from './chromium.ts';
import { assertClean, createConversationAsApi, messageWithBody, postAsApi, signIn, timeline } from './flows.ts';

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';

test('hostile bodies, names, links and rich content render as inert text', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const conv = await createConversationAsApi(base, node.token, `Title ${IMG}`);
  const mallory = await createUser(node.ctx, { email: 'mallory@example.test', name: `Mallory ${IMG}`, password: 'password123' });
  await node.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/members`, headers: node.auth, payload: { user_id: mallory.id } });
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser);
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conv.id}`);
  await page.locator('.live-dot--on').waitFor();

  // Through the API, and straight through the domain for what no dialect would let in.
  await postAsApi(base, node.token, conv.id, `${IMG}${SCRIPT}`);
  await postMessage(node.ctx, {
    conversation_id: conv.id,
    body: 'see attachment',
    sender: { type: 'hook', id: null, name: `Hook ${IMG}`, avatar_url: 'javascript:window.__xss=3' },
    links: [{ name: 'click me', url: 'javascript:window.__xss=4;alert(1)' }, { name: 'data link', url: 'data:text/html,<script>alert(1)</script>' }],
    rich: {
      slack: { attachments: [{ title: `Card ${IMG}`, title_link: 'javascript:alert(2)', text: SCRIPT, fields: [{ title: IMG, value: IMG }] }] },
      discord: { embeds: [{ title: 'Embed', url: 'javascript:alert(3)', image: { url: 'javascript:alert(4)' } }] },
    },
  });
  await messageWithBody(page, `${IMG}${SCRIPT}`).waitFor();
  const hostile = timeline(page).locator('.message', { hasText: 'see attachment' });
  await hostile.waitFor();

  // Visible as text.
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), `Title ${IMG}`);
  assert.equal(await hostile.locator('.message__sender').textContent(), `Hook ${IMG}`);
  assert.equal(await hostile.locator('.card__title').first().textContent(), `Card ${IMG}`);
  await hostile.getByText('click me').waitFor();

  // Nothing became markup, a clickable script link or an inline handler.
  const dom = await page.evaluate(() => ({
    imgsWithX: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    badLinks: [...document.querySelectorAll('a')].filter((a) => !/^https?:$/.test(new URL(a.href, location.href).protocol)).map((a) => a.href),
    inlineHandlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`)),
    avatarImgs: [...document.querySelectorAll('img.avatar')].map((i) => (i as HTMLImageElement).getAttribute('src')),
  }));
  assert.deepEqual(dom, { imgsWithX: 0, scripts: 0, badLinks: [], inlineHandlers: [], avatarImgs: [] });
  await hostile.getByText('click me').click();
  await page.getByRole('button', { name: 'Members' }).click();
  await page.getByRole('complementary', { name: 'Members' }).getByText(`Mallory ${IMG}`).waitFor();
  await page.getByRole('complementary', { name: 'Conversations' }).getByText(`Title ${IMG}`).waitFor();

  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, 'no payload ran');
  assertClean(watch);
});
