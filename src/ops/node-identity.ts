/**
 * A node's stable identity: NODE_ID, or an id generated on the first start and kept in
 * DATA_DIR/node-id. It owns the node's delivery leases, so a restarted node knows which leases were
 * its previous process's and takes them back at once instead of waiting them out. That is only
 * safe because two live processes never share an id (node-lock.ts guards the usual mistake).
 *
 * @example await resolveNodeId({ nodeId: '', dataDir: '/var/lib/switchboard' }) // 'node_Jk3…' (same on every start)
 */
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newToken } from '../lib/ids.ts';

/** Letters, digits, `.`, `_`, `-`: safe in a file name and a log line. */
const VALID_ID = /^[A-Za-z0-9._-]{1,64}$/;
export const NODE_ID_FILE = 'node-id';

/** The configured NODE_ID, else the one kept in DATA_DIR (created now if missing). */
export async function resolveNodeId(config: { nodeId: string; dataDir: string }): Promise<string> {
  if (config.nodeId) {
    if (!VALID_ID.test(config.nodeId)) throw new Error(`invalid configuration:\n  NODE_ID must be 1-64 letters, digits, ".", "_" or "-", got "${config.nodeId}"`);
    return config.nodeId;
  }
  const file = path.join(config.dataDir, NODE_ID_FILE);
  const kept = await readId(file);
  if (kept) return kept;
  await mkdir(config.dataDir, { recursive: true });
  // Written aside, then linked into place: link fails if the file exists, so two first starts agree
  // on one id, and a crash never leaves a half-written id behind.
  const temp = `${file}.${process.pid}.${newToken(6)}`;
  await writeFile(temp, `node_${newToken(9)}\n`, { flush: true });
  try {
    await link(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
  const id = await readId(file);
  if (!id) throw new Error(`${file} does not hold a valid node id; remove it (a new one is generated) or set NODE_ID`);
  return id;
}

async function readId(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const id = text.trim();
  if (!VALID_ID.test(id)) throw new Error(`${file} does not hold a valid node id; remove it (a new one is generated) or set NODE_ID`);
  return id;
}
