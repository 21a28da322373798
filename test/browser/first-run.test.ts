import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmptyNode } from '../support/empty-node.ts';
import { SKIP_BROWSER, launchChromium, openPage } from './chromium.ts';
import { assertClean } from './flows.ts';

test('first run: set up the admin, sign out, sign back in with the keyboard only', { skip: SKIP_BROWSER }, async (t) => {
  const node = await startEmptyNode(t, 'sqlite', {}, { listen: true });
  const browser = await launchChromium(t);
  const { page, context, watch } = await openPage(browser);

  await page.goto(`${node.config.publicUrl}/`);
  await page.getByRole('heading', { name: 'Set up Switchboard' }).waitFor();
  await page.getByLabel('Your name').fill('Grace Hopper');
  await page.getByLabel('Email').fill('grace@example.test');
  await page.getByLabel('Password').fill('cobol-forever');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  assert.equal(await page.locator('.topbar__user').textContent(), 'Grace Hopper');

  const [cookie] = (await context.cookies()).filter((c) => c.name === 'sb_session');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read the session cookie');
  const admin = await node.ctx.store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
  assert.equal(admin.role, 'admin');

  // Reloading keeps the session; signing out ends it.
  await page.reload();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();

  // Keyboard only: Tab into the form, type, Enter submits.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'email');
  await page.keyboard.type('grace@example.test');
  await page.keyboard.press('Tab');
  await page.keyboard.type('wrong password');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'wrong email or password' }).waitFor();
  // That 401 is the one failed request the browser reports; nothing else may go wrong.
  watch.errors.splice(0, watch.errors.length, ...watch.errors.filter((e) => !/status of 401/.test(e)));
  await page.getByLabel('Password').fill('cobol-forever');
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  assertClean(watch);
});
