/**
 * SOTER's signature check with Web Crypto (`globalThis.crypto.subtle`, so it runs on any runtime):
 * RSASSA-PSS, SHA-256, a 20-byte salt, over the UTF-8 bytes of `json_string` exactly as the device
 * signed them, with the device's public key (PEM, SPKI) the host enrolled.
 */
import { fromBase64, subtleCrypto, utf8 } from '@wxbridge/store/records';

/** SOTER's signature scheme: RSASSA-PSS with SHA-256 and a 20-byte salt. */
export const PSS_SALT_LENGTH = 20;
export const SOTER_KEY_ALGORITHM = { name: 'RSA-PSS', hash: 'SHA-256' } as const;

const subtle = (): SubtleCrypto => subtleCrypto('SOTER verification (Web Crypto: Node 20+, Deno, Bun, workers)');

/** A device's public key from PEM (`-----BEGIN PUBLIC KEY-----`, SPKI). Throws a `TypeError` for anything else. */
export async function importSoterPublicKey(pem: string): Promise<CryptoKey> {
  const body = typeof pem === 'string' ? pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '') : '';
  const der = fromBase64(body);
  if (!der || der.length === 0) throw new TypeError('importSoterPublicKey: expected a PEM public key (-----BEGIN PUBLIC KEY-----)');
  return subtle().importKey('spki', der, SOTER_KEY_ALGORITHM, false, ['verify']);
}

/**
 * Whether `signatureBase64` is the device's signature of `text` (its exact UTF-8 bytes, never a
 * re-serialisation); false for a wrong, empty or non-base64 signature.
 */
export async function verifySoterSignature(text: string, signatureBase64: string, publicKey: CryptoKey): Promise<boolean> {
  const signature = fromBase64(signatureBase64);
  if (!signature || signature.length === 0) return false;
  return subtle().verify({ name: 'RSA-PSS', saltLength: PSS_SALT_LENGTH }, publicKey, signature, utf8(text));
}
