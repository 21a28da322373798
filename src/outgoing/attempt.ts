/**
 * One attempt of one delivery: build the request with the webhook's format, add the Standard
 * Webhooks headers (every format carries them), send it with the guarded HTTP client, and describe
 * what happened for the attempt log and the state machine. Never throws.
 */
import type { DeliveryContext, OutgoingFormat, Reply } from './formats/types.ts';
import type { AttemptResult } from './delivery-state.ts';
import { OutgoingRequestError, type HttpClient } from './http-client.ts';
import { isGone, isSuccess, parseRetryAfter } from './retry-schedule.ts';
import { signHeaders } from './signing.ts';

/** How much of a response body the attempt log keeps. */
export const RESPONSE_EXCERPT_CHARS = 1000;

/** A finished attempt, as logged: `result` drives the delivery's next state. */
export interface AttemptRecord {
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  response_excerpt: string | null;
  /** `<code>: <message>` when no response came back (e.g. `forbidden_address: refusing to connect ...`) */
  error: string | null;
  result: AttemptResult;
  /** a bot's answer in a successful response, to post into the conversation */
  reply: Reply | null;
}

export interface AttemptInput {
  client: HttpClient;
  url: string;
  format: OutgoingFormat;
  context: DeliveryContext;
  /** the current secret, and the previous one during a rotation overlap */
  secrets: string[];
}

export async function attemptDelivery(input: AttemptInput): Promise<AttemptRecord> {
  const startedAt = Date.now();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let spec;
  try {
    spec = input.format.buildRequest(input.context);
  } catch (error) {
    return failure(startedAt, elapsed(), `format_error: ${(error as Error).message}`, { kind: 'refused' });
  }
  const signature = signHeaders({ id: input.context.delivery_id, timestamp: new Date(startedAt), body: spec.body, secrets: input.secrets });
  try {
    const response = await input.client.send({ method: spec.method, url: spec.url ?? input.url, headers: { ...spec.headers, ...signature }, body: spec.body === '' ? undefined : spec.body });
    const excerpt = response.body.slice(0, RESPONSE_EXCERPT_CHARS);
    const record = { started_at: startedAt, duration_ms: response.durationMs, status_code: response.status, response_excerpt: excerpt, error: null };
    if (isSuccess(response.status)) {
      const reply = input.format.readReply(response.status, response.headers['content-type'] ?? null, response.body);
      return { ...record, result: { kind: 'delivered' }, reply };
    }
    if (isGone(response.status)) return { ...record, result: { kind: 'gone' }, reply: null };
    const retryAfterSeconds = parseRetryAfter(response.headers['retry-after'], new Date());
    return { ...record, result: { kind: 'failed', failure: 'status', statusCode: response.status, retryAfterSeconds }, reply: null };
  } catch (error) {
    if (!(error instanceof OutgoingRequestError)) return failure(startedAt, elapsed(), `network_error: ${String(error)}`, { kind: 'failed', failure: 'network' });
    const message = `${error.code}: ${error.message}`;
    if (error.code === 'forbidden_address' || error.code === 'invalid_url') return failure(startedAt, elapsed(), message, { kind: 'refused' });
    return failure(startedAt, elapsed(), message, { kind: 'failed', failure: error.code === 'timeout' ? 'timeout' : 'network' });
  }
}

function failure(startedAt: number, durationMs: number, error: string, result: AttemptResult): AttemptRecord {
  return { started_at: startedAt, duration_ms: durationMs, status_code: null, response_excerpt: null, error, result, reply: null };
}
