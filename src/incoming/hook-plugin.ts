/**
 * POST /hook/:token — the front door. The token is the credential (plus the sender's signature on
 * a hook that asks for one). Limits and content types are checked here, the request is read with
 * its headers, verified, the dialect translates, and postMessage writes; the answer goes out only
 * after the message (and its files) is durable.
 */
import { registerTokenRateLimit } from './token-rate-limit.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import type { CoreContext } from '../core/context.ts';
import { SwitchboardError } from '../core/errors.ts';
import type { HookRow } from '../core/hooks/hooks.ts';
import { checkIdempotencyKey, findStoredAnswer, IdempotencyRace, recordAnswer, type StoredAnswer } from '../core/idempotency.ts';
import { postMessage, type PostResult } from '../core/messages/post-message.ts';
import type { BlobStore } from '../store/blobs/blob-store.ts';
import { parseHookRequest } from './choose-dialect.ts';
import { renderHookAnswer } from './hook-reply.ts';
import { readHookRequest, registerHookParsers } from './read-hook-body.ts';
import { safeFilename } from './safe-filename.ts';
import { stripNul, type TextPolicy } from '../core/storable-text.ts';
import { now } from '../lib/time.ts';
import type { Post } from './types.ts';
import type { HookVerification } from './verifiers/verifier.ts';
import { hookVerification, verifyHookRequest } from './verifiers/verify-hook-request.ts';

/** Machines post here and cannot be told: U+0000 is removed from what they send (core/storable-text.ts). */
const TEXT_POLICY: TextPolicy = 'strip';

declare module 'fastify' {
  interface FastifyRequest {
    hook: HookRow | null;
  }
}

export interface HookPluginOptions {
  ctx: CoreContext;
  blobs: BlobStore;
  /** what a hook asks of its senders; by default its own setting (verifiers/verify-hook-request.ts) */
  verificationOf?: (hook: HookRow) => HookVerification | null;
}

export async function hookPlugin(app: FastifyInstance, { ctx, blobs, verificationOf = hookVerification }: HookPluginOptions): Promise<void> {
  const { config } = ctx;
  registerHookParsers(app, config.hookBodyLimitBytes);
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: config.hookFileLimitBytes, files: config.hookFilesPerRequest, fields: 100, fieldSize: config.hookBodyLimitBytes, parts: config.hookFilesPerRequest + 100 },
  });
  await registerTokenRateLimit(app, ctx, config.hookRatePerMinute, 'hook');
  app.decorateRequest('hook', null);
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.hookBodyLimitBytes }, (request, _body, done) =>
    done(new SwitchboardError('unsupported_content_type', `${request.headers['content-type']} is not accepted: send JSON, form-urlencoded or multipart/form-data`)),
  );

  app.post('/hook/:token', {
    config: { permission: 'capability-url', textInput: TEXT_POLICY },
    schema: { hide: true },
    // Unknown tokens are refused before the body is read.
    onRequest: async (request) => {
      request.hook = await ctx.hookTokens.find((request.params as { token: string }).token);
      if (!request.hook) throw new SwitchboardError('hook_not_found', 'no hook has this URL (it may have been deleted or rotated)');
    },
  }, async (request, reply) => {
    const hook = request.hook!;
    const scope = `hook:${hook.id}`;
    const key = checkIdempotencyKey(request.headers['idempotency-key'] as string | undefined);
    const verification = verificationOf(hook);
    // A replay is answered before the body is read, except on a hook that verifies its senders:
    // there only a verified request may see the stored answer.
    if (key && verification === null) {
      const stored = await findStoredAnswer(ctx, scope, key);
      if (stored) return sendAnswer(reply, stored);
    }
    const raw = await readHookRequest(request, blobs, { fileLimitBytes: config.hookFileLimitBytes, text: TEXT_POLICY });
    try {
      verifyHookRequest(verification, raw, now());
      if (key && verification !== null) {
        const stored = await findStoredAnswer(ctx, scope, key);
        if (stored) return sendAnswer(reply, stored);
      }
      const parsed = parseHookRequest(raw);
      if (!parsed.ok) throw new SwitchboardError(parsed.code as 'invalid_payload', parsed.message);
      // JSON inside a form field (Slack's `payload`, Discord's `payload_json`) was text until the
      // dialect parsed it, so the edge saw `\u0000` there, not a NUL.
      if (raw.kind === 'form') parsed.posts.forEach(stripNul);
      let answer: StoredAnswer | null = null;
      for (const post of parsed.posts) {
        const result = await storePost(ctx, blobs, hook, post, async (db, r) => {
          answer = renderHookAnswer(parsed.reply, r, { wait: raw.query.wait === 'true', hookId: hook.id });
          if (key) await recordAnswer(db, scope, key, answer);
        }).catch(async (error) => {
          if (!(error instanceof IdempotencyRace) || !key) throw error;
          return (await findStoredAnswer(ctx, scope, key))!;
        });
        if ('status_code' in result) return sendAnswer(reply, result);
      }
      return sendAnswer(reply, answer!);
    } finally {
      await Promise.all(raw.files.map((f) => blobs.discard(f.path)));
    }
  });
}

/** Commits the post's files, then writes the message as the hook (or the per-message name). */
async function storePost(ctx: CoreContext, blobs: BlobStore, hook: HookRow, post: Post, afterWrite: Parameters<typeof postMessage>[2]): Promise<PostResult> {
  for (const file of post.files) await blobs.commit(file.path, file.sha256);
  return postMessage(ctx, {
    conversation_id: hook.conversation_id,
    body: post.body,
    sender: { type: 'hook', id: hook.id, name: post.sender_name || hook.name, avatar_url: post.avatar_url ?? hook.avatar_url },
    files: post.files.map((f) => ({ name: safeFilename(f.filename), content_type: f.content_type, size: f.size, sha256: f.sha256 })),
    links: post.links,
    rich: post.rich ?? null,
    origin_webhook_id: hook.webhook_id,
    external_id: post.case_id ?? null,
    references: post.references ?? [],
  }, afterWrite);
}

function sendAnswer(reply: FastifyReply, answer: StoredAnswer): FastifyReply {
  reply.code(answer.status_code);
  if (answer.status_code === 204) return reply.send();
  return reply.type(answer.content_type).send(answer.body);
}
