/**
 * The support inbox in a real browser: a bridge made through the API takes a gateway's post, the
 * conversation shows up in the inbox with its contact, and an operator assigns, answers and closes
 * it from the UI. Settings > Bridges lists the bridge's URL, its ignored payloads, and imports a
 * Live Helper Chat configuration with its warnings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createBridge, gatewayPost, postToBridge, supportConversations } from '../support/bridges.ts';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshot } from './chromium.ts';
import { assertClean, composer, messageWithBody, signIn, timeline } from './flows.ts';

// Our own configurations in Live Helper Chat's export format (src/mapping/lhc-presets/README.md).
const PRESETS = new URL('../../src/mapping/lhc-presets/', import.meta.url);
const DANA = { id: '447700900123', name: 'Dana Visitor', phone: '+44 7700 900123', email: 'dana@example.test' };

test('support inbox: a bridged chat is listed, assigned, answered and closed from the UI', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const bridge = await createBridge(node, { name: 'SMS gateway' });
  const first = await postToBridge(bridge.url, gatewayPost({ id: 'm1', text: 'Hello, my order is late', chat: DANA }));
  assert.equal(first.json.result, 'stored', JSON.stringify(first.json));
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { viewport: { width: 1200, height: 900 } });
  await signIn(page, base, node.admin.email);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  const list = page.getByRole('list', { name: 'Support conversations' });
  const entry = list.getByRole('link').filter({ hasText: 'Dana Visitor' });
  await entry.waitFor();
  for (const text of ['Phone: +44 7700 900123', 'Email: dana@example.test', 'Unassigned', 'open']) await entry.getByText(text, { exact: true }).waitFor();
  await screenshot(page, 'support-inbox');
  const assigneeFilter = page.getByRole('group', { name: 'Assignee' });
  await assigneeFilter.getByRole('button', { name: 'Mine' }).click();
  await page.getByText('No open support conversations assigned to you.').waitFor();
  await assigneeFilter.getByRole('button', { name: 'Unassigned' }).click();
  await entry.click();

  // The conversation: the contact in its header, the visitor's message marked as such.
  const header = page.getByRole('region', { name: 'Support conversation' });
  await header.getByText('Dana Visitor').waitFor();
  const visitorMessage = timeline(page).locator('.message').filter({ hasText: 'Hello, my order is late' });
  assert.equal(await visitorMessage.locator('.direction').textContent(), 'visitor');
  await header.getByRole('button', { name: 'Assign to me' }).click();
  await header.getByText('Assigned to you').waitFor();

  await page.locator('.live-dot--on').waitFor();
  await composer(page).fill('Sorry about that, Dana: it ships today.');
  await page.getByRole('button', { name: 'Send' }).click();
  const ours = timeline(page).locator('.message').filter({ hasText: 'it ships today' });
  assert.equal(await ours.locator('.direction').textContent(), 'our side');
  await postToBridge(bridge.url, gatewayPost({ id: 'm2', text: 'Thanks!', chat: DANA }));
  await messageWithBody(page, 'Thanks!').waitFor();
  assert.equal(await timeline(page).locator('.message').filter({ hasText: 'Thanks!' }).locator('.direction').textContent(), 'visitor');

  await screenshot(page, 'support-conversation');
  await header.getByRole('button', { name: 'Close' }).click();
  await header.getByRole('button', { name: 'Reopen' }).waitFor();
  await page.locator('.conversation__header .tag', { hasText: 'closed' }).waitFor();
  const [stored] = await supportConversations(node);
  assert.deepEqual([stored.status, stored.assignee?.id], ['closed', node.admin.id]);

  // Back in the inbox: gone from open, listed under closed as mine.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await page.getByText('No open support conversations.').waitFor();
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Closed' }).click();
  await entry.getByText('Assigned to you').waitFor();
  assertClean(watch);
});

test('Settings > Bridges: URL to copy, ignored payloads, import of a Live Helper Chat configuration', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const base = node.config.publicUrl;
  const bridge = await createBridge(node, { name: 'SMS gateway' });
  const ignored = await postToBridge(bridge.url, { event: 'delivery_report', status: 'read' });
  assert.equal(ignored.json.result, 'ignored');
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1200, height: 1400 } });
  await signIn(page, base, node.admin.email);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bridges' }).click();
  assert.equal(await page.getByRole('textbox', { name: 'URL of SMS gateway' }).inputValue(), bridge.url);
  await page.getByRole('button', { name: 'Copy URL of SMS gateway' }).click();
  await page.getByText('Copied to the clipboard', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), bridge.url);
  await page.getByRole('button', { name: 'Ignored payloads of SMS gateway' }).click();
  const log = page.getByRole('region', { name: 'Ignored payloads' });
  await log.getByText(ignored.json.reason, { exact: true }).waitFor();
  await log.getByText('Payload').click();
  await log.getByText('"delivery_report"', { exact: false }).waitFor();

  // The test console shows what a payload would do, storing nothing.
  await page.getByRole('button', { name: 'Test a payload on SMS gateway' }).click();
  await page.getByLabel('Sample payload (JSON)').fill(JSON.stringify(gatewayPost({ id: 'p1', text: 'Is anyone there?', chat: DANA })));
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('status').filter({ hasText: 'create conversation' }).getByText('Is anyone there?').waitFor();
  assert.equal((await supportConversations(node)).length, 0, 'a preview stores nothing');

  const form = page.getByRole('form', { name: 'Import a Live Helper Chat configuration' });
  await form.getByLabel(/^Incoming webhook/).fill('{"name": ');
  await form.getByRole('button', { name: 'Import bridge' }).click();
  await form.getByText(/^not valid JSON/).waitFor();
  await form.getByLabel(/^Incoming webhook/).fill(await readFile(new URL('waha-incoming.json', PRESETS), 'utf8'));
  await form.getByLabel(/^REST API/).fill(await readFile(new URL('waha-rest-api.json', PRESETS), 'utf8'));
  await form.getByRole('button', { name: 'Import bridge' }).click();
  const notice = page.locator('.notice', { hasText: 'Imported' });
  await notice.waitFor();
  const bridges = (await (await fetch(`${base}/api/v1/bridges`, { headers: node.auth })).json()).bridges as { name: string; url: string; reply: { url: string } | null }[];
  const imported = bridges.find((b) => b.url !== bridge.url)!;
  assert.ok(imported.reply, 'the REST API export became the reply call');
  await notice.getByText(`Imported “${imported.name}”.`).waitFor();
  assert.equal(await page.getByRole('textbox', { name: `URL of ${imported.name}` }).inputValue(), imported.url);
  await page.getByText(`Replies: POST ${imported.reply.url}`, { exact: false }).first().waitFor();
  assertClean(watch);
});
