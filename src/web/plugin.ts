/**
 * Serves the web UI built by src/web/build.ts: assets under /assets/, and index.html for `/` and
 * every client route. UI responses carry a CSP that forbids inline script, so text that slipped
 * into the page as HTML still could not run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { SwitchboardError } from '../core/errors.ts';

export const DEFAULT_DIST_DIR = path.resolve(import.meta.dirname, '../../dist/web');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: http: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths the client router renders; each answers index.html so reloads and shared links work. */
export const CLIENT_ROUTES = ['/', '/c/*', '/inbox', '/settings', '/settings/*'];

export const webPlugin: FastifyPluginAsync<{ distDir?: string }> = async (app, opts) => {
  const distDir = opts.distDir ?? DEFAULT_DIST_DIR;

  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });

  // decorateReply: false leaves reply.sendFile free for any other plugin that serves files.
  await app.register(fastifyStatic, { root: path.join(distDir, 'assets'), prefix: '/assets/', decorateReply: false, cacheControl: false, setHeaders: (reply) => reply.header('cache-control', 'no-cache') });

  const sendIndex = async (reply: FastifyReply) => {
    const html = await readFile(path.join(distDir, 'index.html'), 'utf8').catch(() => null);
    // The app's error handler renders it like every other error (and logs it: a deployment mistake).
    if (html === null) throw new SwitchboardError('unavailable', 'the web UI is not built: run `npm run build:web`');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };
  for (const url of CLIENT_ROUTES) app.get(url, { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
};
