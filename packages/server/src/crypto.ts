/**
 * The server's few primitives over Web Crypto (`crypto.subtle`): SHA-256, HMAC-SHA256, hex, and a
 * comparison whose time does not depend on where two digests differ.
 */
import { sha256, subtleCrypto, utf8 } from '@wxbridge/store/records';

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** The bytes of lowercase or uppercase hex text, or `undefined` when it is not hex of whole bytes. */
export function fromHex(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** SHA-256 of a text's UTF-8 bytes. */
export function sha256Text(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(utf8(text));
}

/** HMAC-SHA256 of `message` (UTF-8) under `key` (raw bytes). */
export async function hmacSha256(key: Uint8Array<ArrayBuffer>, message: string): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = subtleCrypto('@wxbridge/server');
  const imported = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', imported, utf8(message)));
}

/**
 * Whether two byte strings are equal, in a time that depends only on their lengths: every byte is
 * compared whatever the first difference. Callers compare digests (fixed length), never raw secrets.
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** Whether two texts are equal, compared as SHA-256 digests in constant time. */
export async function equalSecrets(a: string, b: string): Promise<boolean> {
  return equalBytes(await sha256Text(a), await sha256Text(b));
}
