/**
 * Hashes through `node:crypto` where the runtime has it (Node, Deno, Bun: found through
 * `process.getBuiltinModule`, never imported, so the records still bundle for any platform), else
 * through Web Crypto. A Web Crypto digest or HMAC in Node is a job on the thread pool, whose round
 * trip cost more than the hash itself: it was the largest cost of issuing and redeeming a login code
 * (docs/performance.md). Both paths give the same answers (tested).
 */
import { sha256, subtleCrypto, toBase64url, utf8 } from './bytes';

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
export const nativeCrypto: NativeCrypto | undefined = findNativeCrypto();

/** SHA-256 of a text's UTF-8 bytes. */
export async function sha256Text(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return nativeCrypto ? nativeCrypto.createHash('sha256').update(text).digest() : sha256(utf8(text));
}

/** base64url(SHA-256(UTF-8 text)), unpadded: a code's id in the store (`codeIdOf`). */
export async function sha256Base64url(text: string): Promise<string> {
  return nativeCrypto ? nativeCrypto.createHash('sha256').update(text).digest('base64url') : toBase64url(await sha256(utf8(text)));
}

/** HMAC-SHA256 of `message` (UTF-8) under `key` (raw bytes, or a text's UTF-8 bytes). */
export async function hmacSha256(key: Uint8Array<ArrayBuffer> | string, message: string): Promise<Uint8Array<ArrayBuffer>> {
  if (nativeCrypto) return nativeCrypto.createHmac('sha256', key).update(message).digest();
  const subtle = subtleCrypto('HMAC-SHA256');
  const imported = await subtle.importKey('raw', typeof key === 'string' ? utf8(key) : key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', imported, utf8(message)));
}
