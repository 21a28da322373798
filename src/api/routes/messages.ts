/** Posting and reading messages through the API: JSON `{body}`, or multipart with `files` parts. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { requireConversation } from '../../core/conversations/conversations.ts';
import { SwitchboardError } from '../../core/errors.ts';
import { listMessages, MAX_PAGE } from '../../core/messages/list-messages.ts';
import { postMessage } from '../../core/messages/post-message.ts';
import type { BlobStore } from '../../store/blobs/blob-store.ts';
import { principalOf } from '../plugins/auth.ts';
import { IdParams, MessageSchema, errorResponses } from '../schemas.ts';
import { commitFiles, discardFiles, readMessageForm, type MessageForm } from './message-form.ts';

export const MAX_BODY_CHARS = 40_000;

const JsonBody = Type.Object({ body: Type.String({ maxLength: MAX_BODY_CHARS }) }, { additionalProperties: false });

export const messageRoutes: FastifyPluginAsync<{ ctx: CoreContext; blobs: BlobStore }> = async (base, { ctx, blobs }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = ctx;
  // Registered in this scope only: the rest of the API stays JSON.
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: config.hookFileLimitBytes, files: config.hookFilesPerRequest, fields: 10, fieldSize: MAX_BODY_CHARS * 4, parts: config.hookFilesPerRequest + 10 },
  });
  const tags = ['messages'];

  app.get('/conversations/:id/messages', {
    config: { permission: 'conversation.read' },
    schema: {
      tags,
      summary: 'Messages, oldest first: the latest page, or the page before/after a seq',
      params: IdParams,
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
        before: Type.Optional(Type.Integer({ minimum: 0 })),
        after: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
      response: { 200: Type.Object({ messages: Type.Array(MessageSchema) }), ...errorResponses },
    },
  }, async (request) => {
    await requireConversation(ctx, principalOf(request), request.params.id);
    return { messages: await listMessages(ctx, request.params.id, request.query) };
  });

  app.post('/conversations/:id/messages', {
    config: { permission: 'conversation.post' },
    schema: {
      tags,
      summary: 'Post a message as the caller: JSON {body}, or multipart/form-data with a body field and files parts',
      params: IdParams,
      // Per content type: multipart is read as a stream in the handler, so it has no schema here.
      body: { content: { 'application/json': { schema: JsonBody } } },
      response: { 201: MessageSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const conversation = await requireConversation(ctx, principal, request.params.id);
    const form = await readPost(request);
    try {
      if (!form.body.trim() && form.files.length === 0) throw new SwitchboardError('empty_message', 'body: must not be empty (or attach a file)');
      const result = await postMessage(ctx, {
        conversation_id: request.params.id,
        body: form.body,
        sender: { type: 'user', id: principal.user.id, name: principal.user.name, avatar_url: null },
        files: await commitFiles(blobs, form.files),
        // In a support conversation, people on our side write to the contact.
        direction: conversation.kind === 'support' ? 'out' : null,
      });
      if (result.status !== 'created') throw new SwitchboardError('conflict', 'message was not stored');
      return reply.code(201).send(result.message);
    } finally {
      await discardFiles(blobs, form.files);
    }
  });

  async function readPost(request: FastifyRequest): Promise<MessageForm> {
    if (request.isMultipart()) return readMessageForm(request, blobs, config.hookFileLimitBytes, MAX_BODY_CHARS);
    const json = request.body as { body?: unknown } | undefined;
    // Only application/json is schema-checked; anything else that parsed (text/plain) lands here.
    if (typeof json?.body !== 'string') throw new SwitchboardError('invalid_field', 'body: must be a string (send JSON {"body": ...} or multipart/form-data)');
    return { body: json.body, files: [] };
  }
};
