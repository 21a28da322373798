/**
 * Secrets never reach the logs, at any level. Hook and bridge URLs carry their credential in the path,
 * the reply route accepts `?auth_token=`, and credentials travel in headers; so:
 * - the `req` serializer logs the URL with secret path segments and secret query values replaced;
 *   a route's path parameter is secret when its name says so (`:token`), which covers every alias
 *   of a secret URL; unmatched URLs are scrubbed by pattern (`/hook/…`, `/bridge/…`);
 * - the `err` serializer scrubs messages and stacks, and drops the raw bytes of unparsable requests;
 * - pino's `redact` censors credential fields wherever a log line carries them (headers included).
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import pino from 'pino';

const CENSOR = '[redacted]';

/** Path parameters and query parameters whose names say they hold a credential. */
const SECRET_NAME = /token|secret|key|password|passwd|auth|signature|session|csrf/i;
/** Unmatched URLs: the segment after a secret-bearing prefix. */
const SECRET_SEGMENT = /(\/(?:hooks?|bridges?)\/)[^/?#]+/gi;
/** Credentials in free text (error messages): API keys, webhook secrets, Authorization values. */
const SECRET_TEXT: [RegExp, string][] = [
  [/\bsb_[A-Za-z0-9_-]{6,}/g, CENSOR],
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, CENSOR],
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, `$1 ${CENSOR}`],
];

function redactQuery(query: string): string {
  return query.replace(/([?&;]|^)([^=&;#]*)=([^&;#]*)/g, (whole, sep: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // a malformed name is kept as it came; the test below still applies to its raw text
    }
    return SECRET_NAME.test(decoded) ? `${sep}${name}=${CENSOR}` : whole;
  });
}

/**
 * The URL as it may be logged. `route` is the matched route's pattern (`/hook/:token`), if any.
 * @example redactUrl('/hook/abc?wait=true', '/hook/:token') === '/hook/[redacted]?wait=true'
 */
export function redactUrl(url: string, route?: string): string {
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q);
  if (route && route.includes(':')) {
    const pattern = route.split('/');
    const segments = path.split('/');
    if (pattern.length === segments.length) {
      path = segments.map((segment, i) => (pattern[i].startsWith(':') && SECRET_NAME.test(pattern[i]) ? CENSOR : segment)).join('/');
    }
  }
  return redactText(path.replace(SECRET_SEGMENT, `$1${CENSOR}`)) + redactQuery(query);
}

/** Free text with every recognisable credential replaced, secret URLs and query values included. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out.replace(SECRET_SEGMENT, `$1${CENSOR}`).replace(/\?[^\s"']*/g, (query) => redactQuery(query));
}

function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url, request.routeOptions?.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, depth - 1)]));
}

function serializeError(error: Error) {
  const out = pino.stdSerializers.err(error);
  // An unparsable request's bytes (Node's clientError) include its headers and URL.
  delete out.rawPacket;
  return scrub(out, 4) as typeof out;
}

/** Fields censored wherever they appear in a log line (pino `redact`, one level of nesting). */
const REDACT_PATHS = [
  'authorization', 'cookie', 'password', 'token', 'secret', 'auth_token',
  '*.authorization', '*.cookie', '*["set-cookie"]', '*["x-csrf-token"]', '*.password', '*.token', '*.secret', '*.auth_token',
  '*.headers.authorization', '*.headers.cookie', '*.headers["set-cookie"]', '*.headers["x-csrf-token"]',
];

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** The logger options with redaction added; `false`/absent stays off. */
export function redactingLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base: LoggerOptions = logger === true ? {} : logger;
  return {
    ...base,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { ...base.serializers, req: serializeRequest, err: serializeError },
  };
}
