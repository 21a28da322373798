/** On PostgreSQL, every node LISTENs for committed events so streams see writes made on other nodes. */
import type pg from 'pg';
import { EVENTS_CHANNEL } from '../core/events/append-event.ts';

export type Notified = (channel: string, payload: string) => void;

/** Listens on `channels` with a dedicated connection, reconnecting after errors. Returns a stopper. */
export async function listenForNotifications(pool: pg.Pool, channels: string[], onNotify: Notified, log: { warn: (o: object, m: string) => void }): Promise<() => Promise<void>> {
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

export { EVENTS_CHANNEL };
