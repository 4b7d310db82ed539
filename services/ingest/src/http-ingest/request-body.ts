import type { Request } from 'express';

export interface ReadBody {
  bytes: Uint8Array;
  /** True when the body was longer than the limit; `bytes` then holds its first `limit` bytes. */
  truncated: boolean;
}

/**
 * The request body as bytes, whoever read it first. A JSON body is usually consumed by
 * the application's JSON parser: then the raw bytes are `req.rawBody` (Nest's `rawBody:
 * true`) or, failing that, the parsed value re-serialised. Any other body (protobuf) is
 * still unread and is read here, up to `limit` bytes.
 */
export async function readRequestBody(req: Request, limit: number): Promise<ReadBody> {
  const raw: unknown = (req as Request & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(raw)) return { bytes: raw, truncated: false };
  if (Buffer.isBuffer(req.body)) return { bytes: req.body, truncated: false };
  if (req.readableEnded) {
    const body: unknown = req.body;
    return { bytes: Buffer.from(body === undefined ? '' : JSON.stringify(body), 'utf8'), truncated: false };
  }
  return new Promise<ReadBody>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    // Not `for await`: leaving that loop early destroys the socket, and the 413 could not be sent.
    req.on('data', (chunk: Buffer | string) => {
      if (truncated) return;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (size + buffer.length > limit) {
        chunks.push(buffer.subarray(0, limit - size));
        truncated = true;
        resolve({ bytes: Buffer.concat(chunks), truncated });
        return;
      }
      chunks.push(buffer);
      size += buffer.length;
    });
    req.on('end', () => {
      if (!truncated) resolve({ bytes: Buffer.concat(chunks), truncated: false });
    });
    req.on('error', reject);
  });
}
