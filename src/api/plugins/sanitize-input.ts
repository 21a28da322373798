/**
 * The one place U+0000 (NUL) is dealt with, for every route, before any lookup or write
 * (core/storable-text.ts says why; PostgreSQL cannot store it):
 *
 * - path parameters (ids, tokens, file names) holding a NUL can match nothing: 404 `not_found`,
 *   before the token or id is looked up;
 * - headers: Node's HTTP parser already refuses a NUL in any header value (400
 *   `malformed_request`); requests that did not come through it (`inject`) get the same answer;
 * - query strings and bodies follow the route's `config.textInput`: `strip` on hook and bridge
 *   URLs (posted by machines), otherwise 400 `invalid_text` naming the field.
 *
 * Multipart parts are read by the handlers, so their reader applies the same policy
 * (incoming/read-hook-body.ts). Callback-style hooks: the ingest path pays no promise for them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SwitchboardError } from '../../core/errors.ts';
import { cleanText, type TextPolicy } from '../../core/storable-text.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** what a NUL in the query or body does: `refuse` (400 `invalid_text`, the default) or `strip` */
    textInput?: TextPolicy;
  }
}

const policyOf = (request: FastifyRequest): TextPolicy => request.routeOptions.config.textInput ?? 'refuse';

function checkUrlAndHeaders(request: FastifyRequest): void {
  const params = request.params as Record<string, unknown> | undefined;
  for (const key in params) {
    const value = params[key];
    if (typeof value === 'string' && value.includes('\u0000')) throw new SwitchboardError('not_found', 'nothing has a name or token containing U+0000 (NUL)');
  }
  const headers = request.headers;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string' ? value.includes('\u0000') : Array.isArray(value) && value.some((v) => v.includes('\u0000'))) {
      throw new SwitchboardError('malformed_request', `the header ${name} contains U+0000 (NUL)`);
    }
  }
  const query = request.query;
  if (query && typeof query === 'object') request.query = cleanText(query, policyOf(request), 'query');
}

export const sanitizeInputPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.is404) return done();
      try {
        checkUrlAndHeaders(request);
      } catch (error) {
        return done(error as Error);
      }
      done();
    });
    app.addHook('preValidation', (request, _reply, done) => {
      if (request.body === undefined || request.body === null) return done();
      try {
        request.body = cleanText(request.body, policyOf(request));
      } catch (error) {
        return done(error as Error);
      }
      done();
    });
  },
  { name: 'sanitize-input' },
);
