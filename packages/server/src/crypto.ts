/**
 * The server's few primitives: SHA-256, HMAC-SHA256, hex, and a comparison whose time does not
 * depend on where two digests differ. Where the runtime has `node:crypto` (Node, Deno, Bun: found
 * through `process.getBuiltinModule`, never imported, so the core still bundles for any platform)
 * hashes are computed there, synchronously: a Web Crypto digest is a job on Node's thread pool, and
 * that round trip was the largest cost of a `jscode2session` (see docs/performance.md). Elsewhere
 * they go through Web Crypto (`crypto.subtle`).
 */
import { sha256, subtleCrypto, toBase64url, utf8 } from '@wxbridge/store/records';

interface NativeDigest {
  update(data: string | Uint8Array): NativeDigest;
  digest(): Uint8Array<ArrayBuffer>;
  digest(encoding: 'base64url' | 'hex'): string;
}
interface NativeCrypto {
  createHash(algorithm: 'sha256'): NativeDigest;
  createHmac(algorithm: 'sha256', key: string | Uint8Array): NativeDigest;
}

function findNativeCrypto(): NativeCrypto | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return typeof runtime?.getBuiltinModule === 'function' ? (runtime.getBuiltinModule('node:crypto') as NativeCrypto | undefined) : undefined;
  } catch {
    return undefined;
  }
}

/** `node:crypto` when the runtime has it. */
export const native = findNativeCrypto();

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  return hex;
}

/** The bytes of lowercase or uppercase hex text, or `undefined` when it is not hex of whole bytes. */
export function fromHex(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** SHA-256 of a text's UTF-8 bytes. */
export async function sha256Text(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return native ? native.createHash('sha256').update(text).digest() : sha256(utf8(text));
}

/** base64url(SHA-256(UTF-8 text)), unpadded: e.g. a code's id in the store (`codeIdOf` of the records). */
export async function sha256Base64url(text: string): Promise<string> {
  return native ? native.createHash('sha256').update(text).digest('base64url') : toBase64url(await sha256(utf8(text)));
}

/** HMAC-SHA256 of `message` (UTF-8) under `key` (raw bytes). */
export async function hmacSha256(key: Uint8Array<ArrayBuffer>, message: string): Promise<Uint8Array<ArrayBuffer>> {
  if (native) return native.createHmac('sha256', key).update(message).digest();
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
