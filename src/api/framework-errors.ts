/**
 * Errors answered before a route runs, in the contract's `{"error": {"code", "message"}}` shape
 * like every other error: Node's HTTP parser (malformed requests, headers too large, the header and
 * request timeouts), Node's `Expect` handling, and Fastify's router (undecodable URLs, path
 * parameters over `maxParamLength`). Fastify and Node would otherwise answer in their own shapes.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../core/errors.ts';
import { sendError } from './plugins/error-handler.ts';

export interface Answer {
  status: number;
  code: ErrorCode;
  message: string;
}

export const REQUEST_TIMEOUT: Answer = { status: 408, code: 'request_timeout', message: 'the request was not received in time' };

/** Node's clientError codes (llhttp's `HPE_*` and Node's own) → answers; anything else is a malformed request. */
const CLIENT_ERRORS: Record<string, Answer> = {
  ERR_HTTP_REQUEST_TIMEOUT: REQUEST_TIMEOUT,
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'the request line and headers are too large' },
};
const MALFORMED: Answer = { status: 400, code: 'malformed_request', message: 'the request is not valid HTTP/1.1' };

const FRAMEWORK_ERRORS: Record<string, Answer> = {
  FST_ERR_BAD_URL: { status: 400, code: 'malformed_url', message: 'the URL has an invalid percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri_too_long', message: 'a part of the URL path is too long' },
};
const INTERNAL: Answer = { status: 500, code: 'internal_error', message: 'something went wrong on our side; it has been logged' };

/** The whole HTTP/1.1 answer as bytes, for sockets no ServerResponse owns. Always closes. */
export function rawErrorResponse(answer: Answer, headers: Record<string, string> = {}): string {
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n${extra}\r\n${body}`;
}

/** True once a response has begun on this socket: writing a second status line would corrupt it. */
function responseStarted(socket: Duplex): boolean {
  // Node's own clientError default makes the same check on the same internal field.
  const res = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  return Boolean(res?.headersSent);
}

/** Writes `answer` and closes, unless the client is gone or a response is already under way. */
export function answerOnSocket(socket: Duplex, answer: Answer): void {
  if (!socket.destroyed && socket.writable && !responseStarted(socket)) socket.write(rawErrorResponse(answer));
  socket.destroy();
}

/** Fastify's `clientErrorHandler`: what Node's parser refuses, including timed-out requests. */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  // Only the code: the error's rawPacket holds the request's bytes, secrets included.
  this.log.debug({ code: error.code, status: answer.status }, 'client error');
  answerOnSocket(socket, answer);
}

/** Fastify's `frameworkErrors`: errors its router raises before any route or hook runs. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const answer = FRAMEWORK_ERRORS[error.code] ?? INTERNAL;
  if (answer === INTERNAL) request.log.error({ err: error }, 'request failed in the router');
  sendError(reply, answer.status, answer.code, answer.message);
}

/** Node's `checkExpectation` event: an `Expect` other than `100-continue`, which Node would answer 417 with no body. */
export function refuseExpectation(_request: IncomingMessage, res: ServerResponse): void {
  const answer: Answer = { status: 417, code: 'expectation_failed', message: 'only Expect: 100-continue is supported' };
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

/** Node's `connect` event: this server is no proxy; without a listener Node drops the connection unanswered. */
export function refuseConnect(_request: IncomingMessage, socket: Duplex): void {
  answerOnSocket(socket, { status: 400, code: 'malformed_request', message: 'CONNECT is not supported: this server is not a proxy' });
}
