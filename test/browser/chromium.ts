/**
 * Debian's Chromium driven by playwright-core. Missing Chromium skips browser tests locally with a
 * clear message and fails them in CI (CI=true), where `.ci/run` installs it.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const missing = !existsSync(CHROMIUM_PATH);
if (missing && process.env.CI === 'true') throw new Error(`Chromium is required in CI but ${CHROMIUM_PATH} does not exist (apt-get install chromium)`);
/** `skip` option for browser tests: false, or the reason they cannot run on this machine. */
export const SKIP_BROWSER = missing ? `Chromium not found at ${CHROMIUM_PATH}: browser tests SKIPPED on this machine (they are required in CI; install Debian's chromium or set CHROMIUM_PATH)` : false;
if (missing) console.warn(`# ${SKIP_BROWSER}`);

/** One headless Chromium (with its own fresh profile) for the test, closed after it. */
export async function launchChromium(t: TestContext): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
  t.after(() => browser.close());
  return browser;
}

/** What a page did that a test must see: console errors, uncaught exceptions, dialogs (alert/confirm). */
export interface PageWatch {
  errors: string[];
  dialogs: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], dialogs: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (error) => watch.errors.push(`uncaught: ${error.message}`));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return watch;
}

/** A fresh context (cookies, storage) with a page that is being watched. */
export async function openPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page, watch: watchPage(page) };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A screenshot of one part of the page (the app scrolls inside its main area, so fullPage misses it). */
export async function screenshotOf(locator: Locator, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await locator.screenshot({ path: file });
  return file;
}
