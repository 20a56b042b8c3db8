import crypto from 'node:crypto';

/** A multipart/form-data body with one file, for `inject` (what a browser's FormData upload sends). */
export function multipartFile(
  fileName: string,
  content: Buffer | string,
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----xiaoguan${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, typeof content === 'string' ? Buffer.from(content) : content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
