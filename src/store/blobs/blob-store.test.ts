import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { BlobStore } from './blob-store.ts';

const HOUR = 3600_000;

async function freshStore(t: TestContext): Promise<{ blobs: BlobStore; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-blobs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return { blobs: new BlobStore(dir), dir };
}

/** Stores `text` as a blob the way an upload does; returns its sha256. */
async function store(blobs: BlobStore, text: string): Promise<string> {
  const received = await blobs.receive(Readable.from([Buffer.from(text)]), 1024);
  await blobs.commit(received.path, received.sha256);
  return received.sha256;
}

/** Makes a file look last modified `ageMs` ago. */
async function age(file: string, ageMs: number): Promise<void> {
  const at = new Date(Date.now() - ageMs);
  await utimes(file, at, at);
}

const exists = (file: string) => stat(file).then(() => true, () => false);
const none = async () => new Set<string>();

test('sweep removes old temp files and keeps fresh ones (an upload in progress)', async (t) => {
  const { blobs } = await freshStore(t);
  const old = await blobs.tempPath();
  const fresh = await blobs.tempPath();
  await writeFile(old, '');
  await writeFile(fresh, 'half an upload');
  await age(old, 2 * HOUR);
  const swept = await blobs.sweep({ beforeMs: Date.now() - HOUR, referenced: none, shards: 256 });
  assert.deepEqual(swept, { tempFiles: 1, blobs: 0 });
  assert.equal(await exists(old), false);
  assert.equal(await exists(fresh), true);
});

test('sweep removes old blobs no attachment names; named and recent ones stay', async (t) => {
  const { blobs } = await freshStore(t);
  const named = await store(blobs, 'report.pdf bytes');
  const orphan = await store(blobs, 'the upload whose message failed');
  const recent = await store(blobs, 'committed a minute ago, message not yet');
  await age(blobs.pathOf(named), 2 * HOUR);
  await age(blobs.pathOf(orphan), 2 * HOUR);
  const asked: string[] = [];
  const swept = await blobs.sweep({
    beforeMs: Date.now() - HOUR,
    shards: 256,
    referenced: async (shas) => {
      asked.push(...shas);
      return new Set(shas.filter((s) => s === named));
    },
  });
  assert.deepEqual(swept, { tempFiles: 0, blobs: 1 });
  assert.deepEqual(asked.sort(), [named, orphan].sort(), 'only old blobs are looked up');
  assert.equal(await exists(blobs.pathOf(orphan)), false);
  assert.equal(await readFile(blobs.pathOf(named), 'utf8'), 'report.pdf bytes');
  assert.equal(await exists(blobs.pathOf(recent)), true);
});

test('an upload of the same bytes during the sweep keeps the blob its message will name', async (t) => {
  const { blobs } = await freshStore(t);
  const sha = await store(blobs, 'the same nightly report');
  await age(blobs.pathOf(sha), 2 * HOUR);
  const swept = await blobs.sweep({
    beforeMs: Date.now() - HOUR,
    shards: 256,
    // The race: after the sweep found the blob old, an upload of the same bytes commits its file
    // (the blob exists, so only touches it) and its message is not committed yet.
    referenced: async () => {
      assert.equal(sha, await store(blobs, 'the same nightly report'));
      return new Set();
    },
  });
  assert.equal(swept.blobs, 0);
  assert.equal(await readFile(blobs.pathOf(sha), 'utf8'), 'the same nightly report');
  assert.equal(createHash('sha256').update(await readFile(blobs.pathOf(sha))).digest('hex'), sha);
});

test('a sweep walks a few shards per call and resumes where the last one stopped', async (t) => {
  const { blobs } = await freshStore(t);
  const shas: string[] = [];
  for (let i = 0; i < 40; i++) shas.push(await store(blobs, `file ${i}`));
  for (const sha of shas) await age(blobs.pathOf(sha), 2 * HOUR);
  const beforeMs = Date.now() - HOUR;
  let removed = 0;
  for (let call = 0; call < 64; call++) {
    const { blobs: n } = await blobs.sweep({ beforeMs, referenced: none, shards: 4 });
    removed += n;
    if (call === 0) assert.ok(n < shas.length, 'one call walks only some of the folders');
  }
  assert.equal(removed, shas.length, '64 calls of 4 shards walk all 256');
  for (const sha of shas) assert.equal(await exists(blobs.pathOf(sha)), false);
});
