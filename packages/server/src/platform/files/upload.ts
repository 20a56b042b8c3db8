import type { FastifyRequest } from 'fastify';
import type { MultipartFields } from '@fastify/multipart';
import { badRequest } from '../errors.js';
import { MAX_UPLOAD_BYTES } from './store.js';

/**
 * The one uploaded file of a multipart request (field "file"), read into memory up to the upload limit:
 * 400 naming `body.file` when the request is not multipart, has no file, or the file is over 20 MB.
 * Every upload route reads its file through this (attachments, evidence, documents, invoices).
 */
export async function readUploadedFile(
  req: FastifyRequest,
): Promise<{ fileName: string; mimeType: string; content: Buffer; fields: MultipartFields }> {
  if (!req.isMultipart()) throw badRequest('body.file', 'send the file as multipart/form-data');
  const file = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES } });
  if (!file) throw badRequest('body.file', 'no file');
  const content = await file.toBuffer();
  if (file.file.truncated) throw badRequest('body.file', 'the file is larger than 20 MB');
  return { fileName: file.filename, mimeType: file.mimetype, content, fields: file.fields };
}
