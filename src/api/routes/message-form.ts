/**
 * Reads a multipart message post (`body` field, `files` parts) with the hook's streaming reader:
 * files go to temporary blobs that the caller commits once the message is accepted, then discards.
 */
import type { FastifyRequest } from 'fastify';
import { SwitchboardError } from '../../core/errors.ts';
import type { StoredFile } from '../../core/messages/post-message.ts';
import { readMultipart } from '../../incoming/read-hook-body.ts';
import { safeFilename } from '../../incoming/safe-filename.ts';
import type { ReceivedFile } from '../../incoming/types.ts';
import type { BlobStore } from '../../store/blobs/blob-store.ts';

/** What a multipart post carried; `files` are temporary until committed. */
export interface MessageForm {
  body: string;
  files: ReceivedFile[];
}

export async function readMessageForm(request: FastifyRequest, blobs: BlobStore, fileLimitBytes: number, maxBodyChars: number): Promise<MessageForm> {
  const { form, files } = await readMultipart(request, blobs, { fileLimitBytes });
  try {
    // Same strictness as the JSON schema (additionalProperties: false), named the same way.
    const unknown = Object.keys(form).find((k) => k !== 'body') ?? files.find((f) => f.field !== 'files')?.field;
    if (unknown !== undefined) throw new SwitchboardError('invalid_field', `${unknown}: unknown field (send body and files)`);
    const body = form.body ?? '';
    if (body.length > maxBodyChars) throw new SwitchboardError('invalid_field', `body: must NOT have more than ${maxBodyChars} characters`);
    return { body, files };
  } catch (error) {
    await discardFiles(blobs, files);
    throw error;
  }
}

/** Moves the received files into the store and describes them for postMessage. */
export async function commitFiles(blobs: BlobStore, files: ReceivedFile[]): Promise<StoredFile[]> {
  for (const file of files) await blobs.commit(file.path, file.sha256);
  return files.map((f) => ({ name: safeFilename(f.filename), content_type: f.content_type, size: f.size, sha256: f.sha256 }));
}

export async function discardFiles(blobs: BlobStore, files: ReceivedFile[]): Promise<void> {
  await Promise.all(files.map((f) => blobs.discard(f.path)));
}
