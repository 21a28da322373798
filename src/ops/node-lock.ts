/**
 * A lock file that stops a second live process from starting with the same identity, the mistake
 * that would let it take back leases its twin is still sending. What must be unique:
 * - SQLite: the database, so the whole DATA_DIR (`node.lock`): a start releases every lease there.
 * - PostgreSQL: the node id (`node-<id>.lock`), so nodes with their own NODE_ID may share a DATA_DIR.
 *
 * The file names a pid and host. A lock left by a process that died (SIGKILL, power loss) is taken
 * over. It is a guard against a mistake on one machine, not a cluster lock: a lock written on another
 * host cannot be checked from here and is taken over too.
 */
import { hostname } from 'node:os';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class NodeInUseError extends Error {
  readonly code = 'node_in_use';
  constructor(message: string) {
    super(message);
    this.name = 'NodeInUseError';
  }
}

interface LockHolder {
  pid: number;
  host: string;
  node_id: string;
}

export interface NodeLock {
  readonly path: string;
  /** Removes the lock if it is still this process's. */
  release(): Promise<void>;
}

export async function acquireNodeLock(opts: { dataDir: string; nodeId: string; sharedDatabase: boolean }): Promise<NodeLock> {
  const file = path.join(opts.dataDir, opts.sharedDatabase ? `node-${opts.nodeId}.lock` : 'node.lock');
  const me: LockHolder = { pid: process.pid, host: hostname(), node_id: opts.nodeId };
  await mkdir(opts.dataDir, { recursive: true });
  const holder = await readHolder(file);
  if (holder && holder.host === me.host && holder.pid !== me.pid && isAlive(holder.pid)) {
    throw new NodeInUseError(
      `node ${holder.node_id} is already running as process ${holder.pid} (${file}): two live processes must not share ` +
      (opts.sharedDatabase ? 'a NODE_ID; give each node its own NODE_ID or DATA_DIR' : 'a SQLite DATA_DIR') +
      `. If process ${holder.pid} is not Switchboard, remove the file.`,
    );
  }
  await writeFile(file, `${JSON.stringify(me)}\n`, { flush: true });
  return {
    path: file,
    async release() {
      const now = await readHolder(file).catch(() => null);
      if (now?.pid === me.pid && now.host === me.host) await rm(file, { force: true });
    },
  };
}

async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? { pid: holder.pid, host: holder.host, node_id: String(holder.node_id) } : null;
  } catch (err) {
    // Missing, or unreadable (a crash while writing it): nobody holds it.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return null;
    throw err;
  }
}

/** Signal 0 checks that the process exists; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
