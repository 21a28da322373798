/**
 * A node's identity: NODE_ID as given, else generated once and kept in DATA_DIR; the lock refuses a
 * second live process with the same identity and takes over one a dead process left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { freshDatabase } from '../../test/support/runtime.ts';
import { resolveNodeId } from './node-identity.ts';
import { acquireNodeLock, NodeInUseError } from './node-lock.ts';

test('NODE_ID is used as given; a bad one stops the start', async (t) => {
  const { DATA_DIR } = await freshDatabase(t, 'sqlite');
  assert.equal(await resolveNodeId({ nodeId: 'eu-1.node_a', dataDir: DATA_DIR }), 'eu-1.node_a');
  await assert.rejects(resolveNodeId({ nodeId: 'a/b', dataDir: DATA_DIR }), /NODE_ID must be/);
});

test('without NODE_ID an id is generated once and kept in DATA_DIR/node-id', async (t) => {
  const { DATA_DIR } = await freshDatabase(t, 'sqlite');
  const first = await Promise.all([1, 2, 3].map(() => resolveNodeId({ nodeId: '', dataDir: DATA_DIR })));
  assert.equal(new Set(first).size, 1, 'starts racing for the first id agree on one');
  assert.match(first[0], /^node_[A-Za-z0-9_-]{12}$/);
  assert.equal((await readFile(path.join(DATA_DIR, 'node-id'), 'utf8')).trim(), first[0]);
  assert.equal(await resolveNodeId({ nodeId: '', dataDir: DATA_DIR }), first[0], 'the same on the next start');
});

test('the lock refuses a second live process and takes over what a dead one left', async (t) => {
  const { DATA_DIR } = await freshDatabase(t, 'sqlite');
  const file = path.join(DATA_DIR, 'node.lock');
  // The test runner that started this file is alive and is not this process.
  await writeFile(file, JSON.stringify({ pid: process.ppid, host: hostname(), node_id: 'node_twin' }));
  await assert.rejects(acquireNodeLock({ dataDir: DATA_DIR, nodeId: 'node_me', sharedDatabase: false }), (err) => err instanceof NodeInUseError && /node_twin is already running/.test(err.message));

  const dead = spawn(process.execPath, ['-e', '']);
  await once(dead, 'exit');
  await writeFile(file, JSON.stringify({ pid: dead.pid, host: hostname(), node_id: 'node_me' }));
  const lock = await acquireNodeLock({ dataDir: DATA_DIR, nodeId: 'node_me', sharedDatabase: false });
  assert.equal(JSON.parse(await readFile(file, 'utf8')).pid, process.pid, 'taken over from the dead process');
  await lock.release();
  await assert.rejects(readFile(file), { code: 'ENOENT' }, 'a clean stop removes it');

  const pg = await acquireNodeLock({ dataDir: DATA_DIR, nodeId: 'node_me', sharedDatabase: true });
  assert.equal(path.basename(pg.path), 'node-node_me.lock', 'on PostgreSQL the id is what must be unique');
  await pg.release();
});
