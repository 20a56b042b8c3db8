import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { badRequest } from '../errors.js';

/**
 * The file store every module's attachments use (interaction files, contract scans, complaint photos,
 * invoice photos): DATA_DIR/files, one file per content hash, written once. Which record a file belongs
 * to, and who may read it, is the module's table and access rule; the store knows only bytes.
 */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Refuses an upload over the size limit (and an empty one unless allowed), naming the field. */
export function checkUpload(content: Buffer, { field = 'body.file', allowEmpty = false } = {}): void {
  if (content.length > MAX_UPLOAD_BYTES) throw badRequest(field, `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  if (content.length === 0 && !allowEmpty) throw badRequest(field, 'the file is empty');
}

/** Stores the bytes (once per content) and returns their key. */
export async function storeFile(dataDir: string, content: Buffer): Promise<string> {
  const storageKey = crypto.createHash('sha256').update(content).digest('hex');
  const dir = path.join(dataDir, 'files');
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, storageKey), content, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return storageKey;
}

/** Where a stored file lives (for streaming it back). */
export function storedFilePath(dataDir: string, storageKey: string): string {
  return path.join(dataDir, 'files', storageKey);
}

export async function readStoredFile(dataDir: string, storageKey: string): Promise<Buffer> {
  return fs.readFile(storedFilePath(dataDir, storageKey));
}
