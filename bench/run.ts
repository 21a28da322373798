/**
 * `npm run bench`: figures and ratios against a bare Fastify route, measured in one run with one
 * load generator. Never a pass/fail assertion; read the table.
 */
import { createPgDatabase, POSTGRES_AVAILABLE } from '../test/support/engines.ts';
import { load, printTable, startProcess, startSwitchboard, CONNECTIONS, DURATION_S, type Figures } from './support.ts';

const body = JSON.stringify({ body: 'CPU at 93% on web-1 for 5 minutes' });

async function measureBare(): Promise<Figures> {
  const bare = await startProcess(['bench/bare-server.ts']);
  try {
    await load('warm-up', { url: `${bare.url}/bare`, duration: 2, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return await load('bare Fastify route', { url: `${bare.url}/bare`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  } finally {
    await bare.stop();
  }
}

async function measureApiPost(engine: string, env: Record<string, string>): Promise<Figures> {
  const sb = await startSwitchboard(env);
  try {
    const headers = { authorization: `Bearer ${sb.token}`, 'content-type': 'application/json' };
    const conv = await (await fetch(`${sb.url}/api/v1/conversations`, { method: 'POST', headers, body: JSON.stringify({ title: 'bench' }) })).json();
    const url = `${sb.url}/api/v1/conversations/${conv.id}/messages`;
    await load('warm-up', { url, duration: 2, method: 'POST', headers, body });
    return await load(`POST messages (${engine})`, { url, method: 'POST', headers, body });
  } finally {
    await sb.stop();
  }
}

console.log(`# Switchboard benchmark: ${CONNECTIONS} connections, ${DURATION_S} s per target, Node ${process.version}`);
const bare = await measureBare();
const rows: (Figures & { ratio?: number })[] = [bare];
rows.push(await measureApiPost('sqlite', {}));
if (POSTGRES_AVAILABLE) {
  const db = await createPgDatabase();
  try {
    rows.push(await measureApiPost('postgres', { DATABASE_URL: db.url }));
  } finally {
    await db.drop();
  }
} else console.log('# PostgreSQL unreachable: its figures are skipped');
for (const r of rows) r.ratio = r.rps / bare.rps;
printTable(rows);
