/**
 * Every setting, read once from the environment at boot, typed and validated, then passed in.
 * Names in the first group are the public contract; the rest are ours. The README's table is this list.
 */
import path from 'node:path';
import { parseSecretKey } from './lib/secret-key-format.ts';

type Kind = 'string' | 'int' | 'bytes' | 'list';
interface Setting {
  env: string;
  kind: Kind;
  default: string;
  doc: string;
}

/** Declared in one place so the README table and validation cannot drift apart. */
export const SETTINGS = {
  port: { env: 'PORT', kind: 'int', default: '8080', doc: 'HTTP listen port' },
  host: { env: 'HOST', kind: 'string', default: '127.0.0.1', doc: 'HTTP listen address' },
  dataDir: { env: 'DATA_DIR', kind: 'string', default: './data', doc: 'embedded database and stored files' },
  databaseUrl: { env: 'DATABASE_URL', kind: 'string', default: '', doc: '`postgres://…` selects PostgreSQL; empty selects SQLite in DATA_DIR' },
  publicUrl: { env: 'PUBLIC_URL', kind: 'string', default: '', doc: 'base of every URL handed out; default `http://HOST:PORT`' },
  adminToken: { env: 'SWITCHBOARD_ADMIN_TOKEN', kind: 'string', default: '', doc: 'creates the first admin, whose API token is this value' },
  outgoingAllowedNets: { env: 'OUTGOING_ALLOWED_NETS', kind: 'list', default: '', doc: 'CIDRs outgoing requests may reach although private/loopback' },
  deliveryRetrySchedule: { env: 'DELIVERY_RETRY_SCHEDULE', kind: 'list', default: '0s,5s,5m,30m,2h,5h,10h,10h', doc: 'delays of the delivery attempts' },
  logLevel: { env: 'LOG_LEVEL', kind: 'string', default: 'info', doc: 'pino level: fatal, error, warn, info, debug, trace, silent' },
  logRequests: { env: 'LOG_REQUESTS', kind: 'string', default: 'true', doc: 'log every request and its completion (`false` to keep only warnings and errors)' },
  apiBodyLimitBytes: { env: 'API_BODY_LIMIT_BYTES', kind: 'bytes', default: '1MiB', doc: 'largest REST API request body' },
  hookBodyLimitBytes: { env: 'HOOK_BODY_LIMIT_BYTES', kind: 'bytes', default: '1MiB', doc: 'largest JSON/form hook body' },
  hookFileLimitBytes: { env: 'HOOK_FILE_LIMIT_BYTES', kind: 'bytes', default: '25MiB', doc: 'largest file in a multipart hook post' },
  hookFilesPerRequest: { env: 'HOOK_FILES_PER_REQUEST', kind: 'int', default: '10', doc: 'most files in one hook post' },
  hookRatePerMinute: { env: 'HOOK_RATE_PER_MINUTE', kind: 'int', default: '600', doc: 'requests per hook per minute (429 beyond)' },
  writeBatchMax: { env: 'WRITE_BATCH_MAX', kind: 'int', default: '256', doc: 'most writes group-committed in one transaction' },
  pgPoolSize: { env: 'PG_POOL_SIZE', kind: 'int', default: '10', doc: 'PostgreSQL connections per process' },
  deliveryTimeoutMs: { env: 'DELIVERY_TIMEOUT_MS', kind: 'int', default: '10000', doc: 'timeout of one outgoing attempt' },
  deliveryResponseLimitBytes: { env: 'DELIVERY_RESPONSE_LIMIT_BYTES', kind: 'bytes', default: '64KiB', doc: 'most of a receiver response read' },
  deliveryConcurrency: { env: 'DELIVERY_CONCURRENCY', kind: 'int', default: '64', doc: 'attempts in flight per process' },
  deliveryLeaseMs: { env: 'DELIVERY_LEASE_MS', kind: 'int', default: '60000', doc: 'how long a claimed delivery stays claimed' },
  deliveryPollMs: { env: 'DELIVERY_POLL_MS', kind: 'int', default: '1000', doc: 'how often the delivery worker looks for due retries without being woken' },
  webhookSecretOverlap: { env: 'WEBHOOK_SECRET_OVERLAP', kind: 'string', default: '24h', doc: 'how long a rotated-out webhook secret keeps signing beside the new one' },
  webhookDisableAfter: { env: 'WEBHOOK_DISABLE_AFTER', kind: 'string', default: '5d', doc: 'a webhook failing without a break this long is disabled' },
  sessionTtlHours: { env: 'SESSION_TTL_HOURS', kind: 'int', default: '336', doc: 'how long a browser sign-in lasts (hours; 336 = 14 days)' },
  signInRatePerMinute: { env: 'SIGN_IN_RATE_PER_MINUTE', kind: 'int', default: '10', doc: 'password sign-in and set-up attempts per client address per minute (429 beyond)' },
  rateLimitSyncMs: { env: 'RATE_LIMIT_SYNC_MS', kind: 'int', default: '1000', doc: 'PostgreSQL: how often a node shares its rate-limit counts with the others (a limit may be overrun by what other nodes admit in this time)' },
  botRepliesPerMinute: { env: 'BOT_REPLIES_PER_MINUTE', kind: 'int', default: '30', doc: 'bot replies per conversation per minute before bots are paused there (loop safety)' },
  shutdownTimeoutMs: { env: 'SHUTDOWN_TIMEOUT_MS', kind: 'int', default: '15000', doc: 'longest graceful stop before exiting anyway (exit code 1)' },
  nodeId: { env: 'NODE_ID', kind: 'string', default: '', doc: 'this node\'s stable identity (owner of its delivery leases), unique per node; empty: generated once and kept in DATA_DIR/node-id' },
  httpRequestTimeoutMs: { env: 'HTTP_REQUEST_TIMEOUT_MS', kind: 'int', default: '300000', doc: 'longest time to receive a whole request, headers and body (408 and close beyond; 300 s lets a 25 MiB upload through at 700 kbit/s)' },
  httpHeadersTimeoutMs: { env: 'HTTP_HEADERS_TIMEOUT_MS', kind: 'int', default: '10000', doc: 'longest time to receive a request\'s headers (408 and close beyond)' },
  httpIdleTimeoutMs: { env: 'HTTP_IDLE_TIMEOUT_MS', kind: 'int', default: '30000', doc: 'a connection silent this long while a request is in progress is closed (408 if no answer has begun); event streams are exempt' },
  httpKeepAliveTimeoutMs: { env: 'HTTP_KEEP_ALIVE_TIMEOUT_MS', kind: 'int', default: '65000', doc: 'how long an idle keep-alive connection stays open between requests' },
  maxConnections: { env: 'MAX_CONNECTIONS', kind: 'int', default: '10000', doc: 'most open HTTP connections per process (a new one beyond is closed at once, unanswered; 0: no cap)' },
  maxConnectionsPerAddress: { env: 'MAX_CONNECTIONS_PER_ADDRESS', kind: 'int', default: '256', doc: 'most open HTTP connections from one client address (behind a load balancer, its address); a new one beyond gets 503 too_many_connections and is closed; 0: no cap' },
  retainDeliveries: { env: 'RETAIN_DELIVERIES', kind: 'string', default: '30d', doc: 'finished deliveries (delivered or dead) and their attempt log are kept this long' },
  retainEvents: { env: 'RETAIN_EVENTS', kind: 'string', default: '7d', doc: 'events are kept this long for stream resumption (an event a kept delivery refers to stays with it; messages are kept)' },
  retainIdempotencyKeys: { env: 'RETAIN_IDEMPOTENCY_KEYS', kind: 'string', default: '24h', doc: 'how long an Idempotency-Key repeat gets the first answer' },
  retainBridgeSeen: { env: 'RETAIN_BRIDGE_SEEN', kind: 'string', default: '7d', doc: 'how long a bridge remembers message ids it has taken, to drop repeats' },
  retainTempFiles: { env: 'RETAIN_TEMP_FILES', kind: 'string', default: '1h', doc: 'unfinished uploads and stored files no message refers to are removed after this long' },
  retentionSweepMs: { env: 'RETENTION_SWEEP_MS', kind: 'int', default: '60000', doc: 'pause between two sweeps that prune expired rows and files (0: never)' },
  retentionBatchRows: { env: 'RETENTION_BATCH_ROWS', kind: 'int', default: '500', doc: 'most rows one pruning statement deletes (small batches never stall ingest)' },
  secretKey: { env: 'SWITCHBOARD_SECRET_KEY', kind: 'string', default: '', doc: 'key that seals hook and bridge tokens at rest (base64, 32 bytes: `openssl rand -base64 32`); empty: generated once and kept in DATA_DIR/secret-key, mode 0600 (SQLite), or the database (PostgreSQL, with a warning); a start with another key than the tokens were sealed with fails' },
} as const satisfies Record<string, Setting>;

type Key = keyof typeof SETTINGS;
type ValueOf<K extends Key> = (typeof SETTINGS)[K]['kind'] extends 'int' | 'bytes'
  ? number
  : (typeof SETTINGS)[K]['kind'] extends 'list'
    ? string[]
    : string;
export type Config = { [K in Key]: ValueOf<K> };

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1000, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };

function parseBytes(text: string): number | null {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  return m && unit !== undefined ? Number(m[1]) * unit : null;
}

function parseValue(setting: Setting, raw: string): { value?: unknown; error?: string } {
  switch (setting.kind) {
    case 'int': {
      const n = Number(raw);
      return Number.isInteger(n) && n >= 0 ? { value: n } : { error: `${setting.env} must be a non-negative integer, got "${raw}"` };
    }
    case 'bytes': {
      const n = parseBytes(raw);
      return n !== null ? { value: n } : { error: `${setting.env} must be a size like 1048576 or 1MiB, got "${raw}"` };
    }
    case 'list':
      return { value: raw.split(',').map((s) => s.trim()).filter(Boolean) };
    default:
      return { value: raw };
  }
}

/** Reads the environment once; throws one Error listing every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, setting] of Object.entries(SETTINGS) as [Key, Setting][]) {
    const raw = env[setting.env];
    const { value, error } = parseValue(setting, raw === undefined || raw === '' ? setting.default : raw);
    if (error) errors.push(error);
    out[key] = value;
  }
  if (out.secretKey && !parseSecretKey(out.secretKey as string)) errors.push('SWITCHBOARD_SECRET_KEY must be 32 bytes in base64, e.g. the output of `openssl rand -base64 32`');
  if (errors.length) throw new Error(`invalid configuration:\n  ${errors.join('\n  ')}`);
  const config = out as Config;
  config.dataDir = path.resolve(config.dataDir);
  if (!config.publicUrl) config.publicUrl = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  config.publicUrl = config.publicUrl.replace(/\/+$/, '');
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new Error('invalid configuration:\n  DATABASE_URL must start with postgres:// or postgresql://');
  }
  return config;
}
