/**
 * The server's few primitives: hex, and a comparison whose time does not depend on where two
 * digests differ. The hashes (SHA-256, HMAC-SHA256: through `node:crypto` where the runtime has it,
 * else Web Crypto) are the records' (`@wxbridge/store/records`' native-crypto.ts), shared with the
 * host, which issues the codes the server hashes again.
 */
import { sha256Text } from '@wxbridge/store/records';

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
