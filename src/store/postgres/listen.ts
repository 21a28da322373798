/** On PostgreSQL, every node LISTENs so that it hears what other nodes committed (events, hook tokens, deliveries). */
import type pg from 'pg';
import type { ListenLog, Notified } from '../engine.ts';

/** Listens on `channels` with a dedicated connection, reconnecting after errors. Returns a stopper. */
export async function listenForNotifications(pool: pg.Pool, channels: string[], onNotify: Notified, log: ListenLog): Promise<() => Promise<void>> {
  let client: pg.PoolClient | null = null;
  let stopped = false;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    try {
      client = await pool.connect();
      client.on('notification', (n) => onNotify(n.channel, n.payload ?? ''));
      client.on('error', (err) => {
        log.warn({ err }, 'LISTEN connection lost; reconnecting');
        client?.release(true);
        client = null;
        setTimeout(connect, 1000).unref();
      });
      for (const channel of channels) await client.query(`LISTEN ${channel}`);
    } catch (err) {
      log.warn({ err }, 'could not LISTEN; retrying');
      setTimeout(connect, 1000).unref();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    client?.release(true);
    client = null;
  };
}
