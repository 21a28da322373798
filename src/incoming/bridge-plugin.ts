/**
 * POST /bridge/:token — a bridge's URL, where a third party (a WhatsApp gateway, MessageBird)
 * posts. The token is the only credential. The body is read as JSON whatever its Content-Type says
 * (gateways label JSON `text/plain` or not at all), so anything that is not JSON is 400
 * `malformed_json`; over HOOK_BODY_LIMIT_BYTES is 413. The answer (200) goes out after commit.
 */
import { registerTokenRateLimit } from './token-rate-limit.ts';
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../core/context.ts';
import { SwitchboardError } from '../core/errors.ts';
import { findBridgeByToken } from '../core/bridges/bridges.ts';
import type { BridgeRow } from '../core/bridges/bridge-view.ts';
import { ingestPayload } from '../core/bridges/ingest.ts';
import { parseJsonBody } from './read-hook-body.ts';

declare module 'fastify' {
  interface FastifyRequest {
    bridgeRow: BridgeRow | null;
  }
}

export async function bridgePlugin(app: FastifyInstance, { ctx }: { ctx: CoreContext }): Promise<void> {
  const { config } = ctx;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.hookBodyLimitBytes }, (_request, body: Buffer, done) => {
    try {
      // Wrapped, so that a JSON `null` body is told apart from no body at all.
      done(null, { json: (parseJsonBody(body) as { json: unknown }).json });
    } catch (error) {
      done(error as Error);
    }
  });
  await registerTokenRateLimit(app, ctx, config.hookRatePerMinute, 'bridge');
  app.decorateRequest('bridgeRow', null);

  app.post('/bridge/:token', {
    // Gateways post here and cannot be told: U+0000 is removed from the payload (core/storable-text.ts).
    config: { permission: 'capability-url', textInput: 'strip' },
    schema: { hide: true },
    // Unknown tokens are refused before the body is read.
    onRequest: async (request) => {
      request.bridgeRow = await findBridgeByToken(ctx, (request.params as { token: string }).token);
      if (!request.bridgeRow) throw new SwitchboardError('bridge_not_found', 'no bridge has this URL (it may have been deleted)');
    },
  }, async (request) => {
    // Undefined when the request carried no body at all (no Content-Type, no length).
    const body = request.body as { json: unknown } | undefined;
    if (body === undefined) throw new SwitchboardError('malformed_json', 'the request has no body: post the payload as JSON');
    return ingestPayload(ctx, request.bridgeRow!, body.json);
  });
}
