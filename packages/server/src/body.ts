/**
 * Reading a POST body: at most `maxBytes` (a declared `Content-Length` above it is refused before a
 * byte is read; a stream that runs past it is cancelled there), then JSON that must be an object.
 */
import { ApiError } from './answers';
import { isObject } from './params';

export function tooLarge(maxBytes: number): ApiError {
  return new ApiError('contentTooLarge', `the body is over ${maxBytes} bytes`, { status: 413 });
}

/** The body's bytes, or `ApiError` 45002 (HTTP 413) past `maxBytes`. */
export async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The body as a JSON object: 44002 when empty (or only whitespace), 47001 when it is not UTF-8
 * JSON or not an object.
 */
export function jsonObjectOf(bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('dataFormat', 'the body is not UTF-8 text');
  }
  if (text.trim() === '') throw new ApiError('emptyPostData', 'send a JSON object as the body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('dataFormat', 'the body is not valid JSON');
  }
  if (!isObject(value)) throw new ApiError('dataFormat', 'the body must be a JSON object');
  return value;
}
