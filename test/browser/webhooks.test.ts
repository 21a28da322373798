/**
 * Integrations > Outgoing webhooks in a real browser, delivering to a local receiver: add one, see
 * its secret, a delivered entry in its log, a test event, a failure retried from the UI, a replay,
 * pause/resume, rotate and delete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReceiver } from '../support/receiver.ts';
import { startNode } from '../support/runtime.ts';
import { SKIP_BROWSER, launchChromium, openPage, screenshotOf } from './chromium.ts';
import { assertClean, createConversationAsApi, postAsApi, signIn } from './flows.ts';

// The worker may reach the receiver on 127.0.0.1; a failed delivery waits an hour, so only the UI retries it.
const ENV = { OUTGOING_ALLOWED_NETS: '127.0.0.1/32', DELIVERY_RETRY_SCHEDULE: '0s,1h', DELIVERY_POLL_MS: '50' };

test('outgoing webhooks: add, deliver, log, test event, retry, replay, pause, rotate, delete', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startNode(t, 'sqlite', ENV, { listen: true });
  const base = node.config.publicUrl;
  const receiver = await startReceiver(t);
  const target = `${receiver.url}/switchboard`;
  const conv = await createConversationAsApi(base, node.token, 'Deploys');
  const browser = await launchChromium(t);
  const { page, watch } = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1200, height: 1400 } });
  await signIn(page, base, node.admin.email);
  await page.goto(`${base}/c/${conv.id}/settings`);

  const form = page.getByRole('form', { name: 'New outgoing webhook' });
  await form.getByLabel('Target URL').fill(target);
  await form.getByRole('checkbox', { name: 'case.created' }).check();
  await form.getByRole('button', { name: 'Add webhook' }).click();
  const item = page.getByRole('list', { name: 'Outgoing webhooks' }).getByRole('listitem').filter({ hasText: target });
  await item.locator('.status--active').waitFor();

  // The secret is masked until shown, and copies exactly.
  const [webhook] = (await (await fetch(`${base}/api/v1/conversations/${conv.id}/webhooks`, { headers: node.auth })).json()).webhooks;
  assert.deepEqual(webhook.events, ['message.created', 'case.created']);
  const secretField = item.getByRole('textbox', { name: `Secret of ${target}` });
  assert.doesNotMatch(await secretField.inputValue(), new RegExp(webhook.secret.slice(8)));
  await item.getByRole('button', { name: 'Show' }).click();
  assert.equal(await secretField.inputValue(), webhook.secret);
  await item.getByRole('button', { name: `Copy secret of ${target}` }).click();
  await page.getByText('Copied to the clipboard', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), webhook.secret);

  // A message goes out; the open log shows it delivered with its attempt.
  await item.getByRole('button', { name: `Delivery log of ${target}` }).click();
  const log = item.getByRole('region', { name: 'Delivery log' });
  await log.getByText('No deliveries yet.', { exact: false }).waitFor();
  await postAsApi(base, node.token, conv.id, 'v2.4.1 is live');
  await receiver.waitFor(1);
  assert.match(receiver.received[0].body, /v2\.4\.1 is live/);
  const delivered = log.locator('.delivery--delivered');
  await delivered.first().waitFor();
  await delivered.first().getByText('Attempts (1)').click();
  await delivered.first().locator('.attempt__outcome', { hasText: 'HTTP 200' }).waitFor();
  await item.getByRole('button', { name: 'Hide', exact: true }).click();
  await screenshotOf(page.locator('.outgoing-webhooks'), 'integrations-webhooks');

  // A test event is logged as one.
  await item.getByRole('button', { name: `Send test event to ${target}` }).click();
  await log.locator('.delivery--delivered', { has: page.locator('.tag', { hasText: 'test' }) }).waitFor();
  await receiver.waitFor(2);

  // The receiver fails: the log shows the status, the error and when it tries next; Retry now delivers.
  receiver.respond = () => ({ status: 503, body: '{"error":"down for maintenance"}' });
  await postAsApi(base, node.token, conv.id, 'v2.4.2 is live');
  const failed = log.locator('.delivery--failed');
  await failed.waitFor();
  await failed.locator('.delivery__outcome', { hasText: 'HTTP 503' }).waitFor();
  await failed.getByText(/next try in \d+ (min|h)/).waitFor();
  await failed.getByText('Attempts (1)').click();
  await failed.locator('.attempt__response', { hasText: 'down for maintenance' }).waitFor();
  receiver.respond = () => ({ status: 200 });
  await failed.getByRole('button', { name: /^Retry delivery of message\.created/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('.delivery--delivered').length === 3 && !document.querySelector('.delivery--failed'));
  const retried = log.locator('.delivery').first();
  await retried.locator('.attempt__outcome', { hasText: 'HTTP 200' }).waitFor();
  assert.equal(await retried.locator('.attempt').count(), 2, 'both attempts are listed, the manual one last');
  assert.match(await retried.locator('.attempt').last().textContent() ?? '', /manual/);

  // Replay: a failure since the chosen time goes out again.
  receiver.respond = () => ({ status: 500 });
  await postAsApi(base, node.token, conv.id, 'v2.4.3 is live');
  await log.locator('.delivery--failed').waitFor();
  receiver.respond = () => ({ status: 200 });
  await log.getByRole('button', { name: 'Replay' }).click();
  await log.getByText('1 failed delivery queued again.').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.delivery--delivered').length === 4);

  // Pause stops deliveries and the buttons that send; Resume brings them back.
  await item.getByRole('button', { name: `Pause ${target}` }).click();
  await item.locator('.webhook__head .status--paused').waitFor();
  assert.equal(await item.getByRole('button', { name: `Send test event to ${target}` }).isDisabled(), true);
  await item.getByRole('button', { name: `Resume ${target}` }).click();
  await item.locator('.webhook__head .status--active').waitFor();

  // Rotate: a new secret, the old one still signing during the overlap.
  await item.getByRole('button', { name: `Rotate secret ${target}` }).click();
  await item.getByRole('button', { name: /Rotate: a new secret/ }).click();
  await page.waitForFunction((old) => (document.querySelector('input[aria-label^="Secret of"]') as HTMLInputElement).value !== old, webhook.secret);
  assert.match(await secretField.inputValue(), /^whsec_/);
  await item.getByText(/previous secret also signs until/).waitFor();

  await item.getByRole('button', { name: `Delete ${target}` }).click();
  await item.getByRole('button', { name: 'Delete webhook' }).click();
  await page.getByText('No outgoing webhooks yet.').waitFor();
  assertClean(watch);
});
