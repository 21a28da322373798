import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { errorHandlerPlugin } from '../api/plugins/error-handler.ts';
import { buildWeb } from './build.ts';
import { CONTENT_SECURITY_POLICY, webPlugin } from './plugin.ts';

const EXPECTED_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: http: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

async function serve(t: import('node:test').TestContext, distDir: string) {
  const app = Fastify();
  // As in buildApp: the app's error handler renders the plugin's errors.
  await app.register(errorHandlerPlugin);
  await app.register(webPlugin, { distDir });
  t.after(() => app.close());
  return app;
}

test('the built UI is served at / and every client route, with a CSP that forbids inline script', async (t) => {
  const dist = await mkdtemp(path.join(tmpdir(), 'sb-web-'));
  t.after(() => rm(dist, { recursive: true, force: true }));
  await buildWeb(dist);
  const app = await serve(t, dist);
  assert.equal(CONTENT_SECURITY_POLICY, EXPECTED_CSP);

  for (const url of ['/', '/c/conv_123', '/c/conv_123/settings', '/settings', '/settings/api-keys', '/settings/bridges', '/inbox']) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    assert.match(String(res.headers['content-type']), /^text\/html/, url);
    assert.equal(res.headers['content-security-policy'], EXPECTED_CSP, url);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.body, /<div id="app"><\/div>/);
    // Every script is an external file: the CSP would refuse an inline one anyway.
    for (const tag of res.body.match(/<script[^>]*>/g) ?? []) assert.match(tag, /src="\/assets\/[\w.-]+"/, tag);
    assert.doesNotMatch(res.body, /style=/);
  }
  for (const [url, type] of [['/assets/app.js', /javascript/], ['/assets/app.css', /text\/css/], ['/assets/favicon.svg', /image\/svg\+xml/]] as const) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    assert.match(String(res.headers['content-type']), type, url);
    assert.equal(res.headers['content-security-policy'], EXPECTED_CSP, url);
  }
  assert.equal((await app.inject({ url: '/assets/missing.js' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/elsewhere' })).statusCode, 404, 'only client routes answer index.html');
});

test('without a build, / explains how to build instead of failing obscurely', async (t) => {
  const app = await serve(t, path.join(tmpdir(), 'sb-web-never-built'));
  const res = await app.inject({ url: '/' });
  assert.equal(res.statusCode, 503);
  assert.match(res.json().error.message, /npm run build:web/);
});

test('the client never hands untrusted strings to the DOM as HTML', async () => {
  const dir = path.join(import.meta.dirname, 'client');
  const files = (await readdir(dir, { recursive: true })).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));
  assert.ok(files.length > 10);
  for (const file of files) {
    const source = await readFile(path.join(dir, file), 'utf8');
    assert.doesNotMatch(source, /dangerouslySetInnerHTML|\.innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, file);
  }
});
