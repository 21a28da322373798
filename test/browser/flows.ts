/** Steps the browser tests share: signing in, opening a conversation, asserting a clean console. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { PageWatch } from './chromium.ts';

export const PASSWORD = 'password123';

export async function signIn(page: Page, baseUrl: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });
export const timeline = (page: Page) => page.getByRole('log', { name: 'Messages' });

/** A message in the timeline whose body is exactly `text`. */
export const messageWithBody = (page: Page, text: string) => timeline(page).locator('.message__body', { hasText: text }).filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

export function assertClean(watch: PageWatch): void {
  assert.deepEqual(watch.errors, [], 'no console errors or uncaught exceptions');
  assert.deepEqual(watch.dialogs, [], 'no dialogs');
}

/** Posts as a separate HTTP client would: fetch with an API key. */
export async function postAsApi(baseUrl: string, token: string, conversationId: string, body: string): Promise<{ id: string; seq: number }> {
  const res = await fetch(`${baseUrl}/api/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json() as Promise<{ id: string; seq: number }>;
}

export async function createConversationAsApi(baseUrl: string, token: string, title: string): Promise<{ id: string; title: string }> {
  const res = await fetch(`${baseUrl}/api/v1/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  assert.equal(res.status, 201);
  return res.json() as Promise<{ id: string; title: string }>;
}
