/**
 * Downloads of stored files and the case list. Files are served with their stored type, but never
 * as something a browser would run in our origin: risky types download, and a sandboxing CSP and
 * nosniff go with every file.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CoreContext } from '../../core/context.ts';
import { listCases } from '../../core/cases/list-cases.ts';
import { findFile } from '../../core/files/find-file.ts';
import type { BlobStore } from '../../store/blobs/blob-store.ts';
import { principalOf } from '../plugins/auth.ts';
import { IdParams, errorResponses } from '../schemas.ts';

const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp|avif)|text\/plain|application\/pdf|audio\/\w+|video\/\w+)$/;

export function contentDisposition(name: string, inline: boolean): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const fileRoutes: FastifyPluginAsync<{ ctx: CoreContext; blobs: BlobStore }> = async (base, { ctx, blobs }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/files/:id/:name', { config: { permission: 'conversation.read' }, schema: { tags: ['files'], summary: 'Download a file attachment (its exact bytes)', params: Type.Object({ id: Type.String(), name: Type.String() }), response: errorResponses } },
    async (request, reply) => {
      const file = await findFile(ctx, principalOf(request), request.params.id);
      const type = file.content_type.toLowerCase();
      return reply
        .header('content-type', type.startsWith('text/') ? `${type}; charset=utf-8` : type)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.name, INLINE_TYPES.test(type)))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=86400, immutable')
        .send(blobs.read(file.sha256) as never);
    });

  app.get('/conversations/:id/cases', {
    config: { permission: 'conversation.read' },
    schema: {
      tags: ['cases'],
      params: IdParams,
      response: { 200: Type.Object({ cases: Type.Array(Type.Object({ id: Type.String(), external_id: Type.String(), title: Type.String(), status: Type.String(), message_count: Type.Number(), created_at: Type.String(), updated_at: Type.String() })) }), ...errorResponses },
    },
  }, async (request) => ({ cases: await listCases(ctx, principalOf(request), request.params.id) }));
};
