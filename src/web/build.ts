/**
 * Builds the web UI into dist/web: the preact client bundled by esbuild (app.js, app.css), plus
 * index.html and the favicon. Run by `npm run build:web` (postinstall, prestart and test run it).
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { DEFAULT_DIST_DIR } from './plugin.ts';

const CLIENT_DIR = path.join(import.meta.dirname, 'client');

export async function buildWeb(outDir: string = DEFAULT_DIST_DIR): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, 'assets'), { recursive: true });
  await build({
    entryPoints: [
      { in: path.join(CLIENT_DIR, 'main.tsx'), out: 'app' },
      { in: path.join(CLIENT_DIR, 'styles/index.css'), out: 'app' },
    ],
    outdir: path.join(outDir, 'assets'),
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(path.join(CLIENT_DIR, 'index.html'), path.join(outDir, 'index.html'));
  await copyFile(path.join(CLIENT_DIR, 'favicon.svg'), path.join(outDir, 'assets/favicon.svg'));
}

if (import.meta.main) {
  const started = Date.now();
  await buildWeb(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`web UI built in ${Date.now() - started} ms`);
}
