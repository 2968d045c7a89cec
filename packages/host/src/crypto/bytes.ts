/**
 * Bytes, randomness and base64 over Web Crypto (`globalThis.crypto`: Node 20 and browsers), the
 * one copy the sessions and the SOTER helpers share.
 */

/** Web Crypto, or a clear error naming who needed it (`who`). */
export function webCrypto(who: string): Crypto {
  const found = (globalThis as { crypto?: Crypto }).crypto;
  if (!found?.getRandomValues) throw new Error(`${who}: no Web Crypto (globalThis.crypto) here`);
  return found;
}

/** `crypto.subtle`, or a clear error: browsers offer it only in secure contexts, Hermes not at all. */
export function subtleCrypto(who: string): SubtleCrypto {
  const subtle = webCrypto(who).subtle;
  if (!subtle) throw new Error(`${who}: crypto.subtle is unavailable (browsers offer it only in secure contexts)`);
  return subtle;
}

export function randomBytes(length: number, who = 'wxbridge'): Uint8Array<ArrayBuffer> {
  return webCrypto(who).getRandomValues(new Uint8Array(length));
}

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** URL-safe base64 without padding. */
export function toBase64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Standard base64 (whitespace ignored); `undefined` when the text is not base64. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  const clean = text.replace(/\s+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) return undefined;
  const binary = atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
