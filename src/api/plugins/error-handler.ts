/**
 * Every error leaves as `{"error": {"code", "message"}}` with the right status. Domain errors carry
 * their own code; Fastify's parsing and validation errors are translated; anything else is a 500
 * that is logged with the request and never echoed.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SwitchboardError, type ErrorCode } from '../../core/errors.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_content_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_content_type',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_content_type',
};

/** Codes for other 4xx errors from Fastify and its plugins (@fastify/static's 403 for an over-long name, say). */
const CODE_OF_STATUS: Record<number, ErrorCode> = { 403: 'forbidden', 404: 'not_found', 408: 'request_timeout', 413: 'payload_too_large', 414: 'uri_too_long', 415: 'unsupported_content_type', 431: 'headers_too_large' };

export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json').send({ error: { code, message } });
}

function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const params = first.params as { missingProperty?: string; additionalProperty?: string };
  const base = (first.instancePath || '').replace(/^\//, '').replaceAll('/', '.');
  const prefix = error.validationContext === 'body' ? '' : `${error.validationContext}.`;
  if (params.missingProperty) return `${prefix}${base ? `${base}.` : ''}${params.missingProperty}: is required`;
  if (params.additionalProperty) return `${prefix}${base ? `${base}.` : ''}${params.additionalProperty}: is not a known field`;
  return `${prefix}${base || '(body)'}: ${first.message}`;
}

/**
 * A foreign key violation (PostgreSQL 23503, SQLite's SQLITE_CONSTRAINT_FOREIGNKEY): what the request
 * writes under was deleted after the request checked it, by a DELETE committed in between (posting
 * to a bridge, or testing a webhook, while it is deleted). The answer is the one a moment later
 * would get: 404.
 */
function isForeignKeyViolation(error: unknown, depth = 0): boolean {
  const e = error as { code?: unknown; errcode?: unknown; cause?: unknown } | null;
  if (!e || depth > 3) return false;
  return e.code === '23503' || e.errcode === 787 || isForeignKeyViolation(e.cause, depth + 1);
}

export function toErrorBody(error: unknown): { status: number; code: string; message: string; retryAfter?: number } {
  if (error instanceof SwitchboardError) return { status: error.statusCode, code: error.code, message: error.message, retryAfter: error.retryAfterSeconds };
  if (isForeignKeyViolation(error)) return { status: 404, code: 'not_found', message: 'what this request refers to was deleted while it ran' };
  const e = error as FastifyError;
  if (e?.validation) return { status: e.validationContext === 'body' ? 422 : 400, code: 'invalid_field', message: validationMessage(e) };
  const mapped = e?.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) {
    const status = mapped === 'malformed_json' || mapped === 'malformed_request' ? 400 : mapped === 'payload_too_large' ? 413 : 415;
    return { status, code: mapped, message: e.message };
  }
  if (e instanceof SyntaxError || (e?.statusCode === 400 && /JSON/i.test(e.message))) return { status: 400, code: 'malformed_json', message: 'the body is not valid JSON' };
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return { status: e.statusCode, code: CODE_OF_STATUS[e.statusCode] ?? 'malformed_request', message: e.message };
  return { status: 500, code: 'internal_error', message: 'something went wrong on our side; it has been logged' };
}

export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const body = toErrorBody(error);
      if (body.status >= 500) request.log.error({ err: error }, 'request failed');
      if (body.retryAfter !== undefined) reply.header('retry-after', String(body.retryAfter));
      return sendError(reply, body.status, body.code, body.message);
    });
    app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`));

    // Fastify's own 503 while closing (return503OnClosing) has its own body shape; this is ours.
    let closing = false;
    app.addHook('preClose', (done) => {
      closing = true;
      done();
    });
    app.addHook('onRequest', (request, reply, done) => {
      if (closing) return void sendError(reply.header('connection', 'close'), 503, 'shutting_down', 'this node is shutting down: retry in a moment');
      // Node would answer this itself with an empty 400 (requireHostHeader is off for that reason).
      if (request.raw.httpVersion === '1.1' && !request.headers.host) return void sendError(reply, 400, 'malformed_request', 'an HTTP/1.1 request needs a Host header');
      done();
    });
  },
  { name: 'error-handler' },
);
