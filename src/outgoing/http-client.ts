/**
 * The one HTTP sender of the outgoing engine (deliveries and bot REST actions): a shared undici
 * Agent (keep-alive connections), one deadline for connect + headers + body, a capped response,
 * no redirects (a 3xx is just a status: following one could lead past the SSRF guard's intent),
 * and the SSRF guard on the connected address (guarded-connect.ts).
 */
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { Agent } from 'undici';
import type { Cidr } from './address-guard.ts';
import { buildGuardedConnector, OutgoingRequestError } from './guarded-connect.ts';

export { OutgoingRequestError, type OutgoingErrorCode } from './guarded-connect.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  /** OUTGOING_ALLOWED_NETS: blocks reachable although loopback/private/link-local */
  allowedNets: Cidr[];
  /** one deadline for the whole exchange: connect, headers and body */
  timeoutMs: number;
  /** the response body is read up to this many bytes, then the connection is dropped */
  maxResponseBytes: number;
  /** dns.lookup-compatible resolver; tests inject one */
  lookup?: LookupFunction;
}

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** lower-case names; repeated headers joined with ", " */
  headers: Record<string, string>;
  /** UTF-8 text of at most maxResponseBytes bytes */
  body: string;
  truncated: boolean;
  durationMs: number;
}

/** Rejections are OutgoingRequestError with code forbidden_address | timeout | network_error | invalid_url. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** @example const client = createHttpClient({ allowedNets: [], timeoutMs: 10_000, maxResponseBytes: 65_536 }) */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { timeoutMs, maxResponseBytes } = options;
  const agent = new Agent({
    connect: buildGuardedConnector({ allowedNets: options.allowedNets, connectTimeoutMs: timeoutMs, lookup: options.lookup }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return {
    async send(request) {
      const url = parseHttpUrl(request.url);
      const started = performance.now();
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      try {
        const response = await agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: deadline.signal,
        });
        const { text, truncated } = await readCapped(response.body, maxResponseBytes);
        const durationMs = Math.round(performance.now() - started);
        return { status: response.statusCode, headers: flattenHeaders(response.headers), body: text, truncated, durationMs };
      } catch (err) {
        throw classifyError(err, deadline.signal.aborted, timeoutMs);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => agent.close(),
  };
}

function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutgoingRequestError('invalid_url', `not a valid URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutgoingRequestError('invalid_url', `only http and https URLs are allowed, not ${url.protocol}`);
  }
  return url;
}

/** Reads at most maxBytes; anything beyond is not downloaded (the stream is destroyed). */
async function readCapped(body: Readable, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      truncated = true;
      body.destroy();
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function classifyError(err: unknown, deadlinePassed: boolean, timeoutMs: number): OutgoingRequestError {
  if (err instanceof OutgoingRequestError) return err;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof OutgoingRequestError) return cause;
  const code = (err as { code?: string }).code ?? '';
  if (deadlinePassed || TIMEOUT_CODES.has(code)) {
    return new OutgoingRequestError('timeout', `no complete response within ${timeoutMs} ms`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new OutgoingRequestError('network_error', code ? `${code}: ${message}` : message, { cause: err });
}
