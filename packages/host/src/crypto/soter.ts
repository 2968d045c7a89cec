/**
 * The device's part of SOTER's challenge → sign → verify loop, with Web Crypto
 * (`globalThis.crypto.subtle`: Node 20 and browsers).
 *
 * 1. The mini program's backend issues a random challenge.
 * 2. The mini program calls `wx.startSoterAuthentication({requestAuthModes, challenge})`; the device
 *    builds `resultJSON` (`raw` is the challenge, `counter` grows on every authentication, `appid`
 *    and `openid` name the mini program and the user it was shown for) and signs it with the key
 *    kept in its secure hardware: SHA256withRSA/PSS, salt length 20. These helpers build, sign and
 *    carry the key as PEM.
 * 3. The backend has the open-platform server (`@wxbridge/server`, `POST
 *    /cgi-bin/soter/verify_signature`) check the signature with the device key the host recorded,
 *    that `appid` is its app and `openid` its user, and that `counter` grew; then it compares `raw`
 *    with the challenge it issued. Another app's result (a relay) and a replay both fail.
 *
 * A real `BiometricDevice` wraps the platform's biometric prompt and hardware-backed key, and
 * builds and signs with these helpers; `@wxbridge/mock`'s `createSoftwareBiometricDevice` is a
 * SIMULATION of step 2 for tests and demos (its key in memory, nobody's finger checked).
 */
import { fromBase64, subtleCrypto, toBase64, utf8 } from '@wxbridge/store/records';

/** SOTER's signature scheme: RSASSA-PSS with SHA-256 and a 20-byte salt. */
const PSS_SALT_LENGTH = 20;
const KEY_ALGORITHM = { name: 'RSA-PSS', hash: 'SHA-256' } as const;

const subtle = (): SubtleCrypto => subtleCrypto('SOTER helpers (Web Crypto: Node 20+ or a secure browser context)');

/** The fields of a SOTER `resultJSON`. */
export interface SoterResult {
  /** The challenge the backend issued. */
  raw: string;
  /** The id of the enrolled biometric used. */
  fid: string;
  /** Anti-replay counter: grows with every authentication. */
  counter: number;
  /** The TEE's name and version. */
  tee_n: string;
  tee_v: string;
  /** The biometric sensor's name and version. */
  fp_n: string;
  fp_v: string;
  cpu_id: string;
  uid: string;
  /** wxbridge's binding: the appId of the mini program the prompt was shown for. */
  appid?: string;
  /** wxbridge's binding: the user's openid for that app (what `jscode2session` gives its backend). */
  openid?: string;
}

export interface SoterResultFields {
  challenge: string;
  counter: number;
  /** Default `'0'`. */
  fid?: string;
  cpuId: string;
  uid: string;
  teeName?: string;
  teeVersion?: string;
  fpName?: string;
  fpVersion?: string;
  /** The mini program's appId (`request.app.appId`): the server's `verify_signature` requires it. */
  appId?: string;
  /** The user's openid for that app (`await request.openid()`): the server's `verify_signature` requires it. */
  openId?: string;
}

/**
 * The `resultJSON` text, with SOTER's field layout `{raw, fid, counter, tee_n, tee_v, fp_n, fp_v, cpu_id, uid}`
 * and then wxbridge's binding `{appid, openid}` when given.
 */
export function buildSoterResultJSON(fields: SoterResultFields): string {
  if (typeof fields?.challenge !== 'string') throw new TypeError('buildSoterResultJSON: challenge must be a string');
  if (!Number.isSafeInteger(fields.counter) || fields.counter < 0) {
    throw new TypeError('buildSoterResultJSON: counter must be a non-negative integer');
  }
  const result: SoterResult = {
    raw: fields.challenge,
    fid: fields.fid ?? '0',
    counter: fields.counter,
    tee_n: fields.teeName ?? '',
    tee_v: fields.teeVersion ?? '',
    fp_n: fields.fpName ?? '',
    fp_v: fields.fpVersion ?? '',
    cpu_id: fields.cpuId,
    uid: fields.uid,
  };
  if (fields.appId !== undefined) result.appid = fields.appId;
  if (fields.openId !== undefined) result.openid = fields.openId;
  return JSON.stringify(result);
}

/** Signs `resultJSON` (its UTF-8 bytes) as SOTER does; returns the signature in base64. */
export async function signSoterResult(resultJSON: string, privateKey: CryptoKey): Promise<string> {
  const signature = await subtle().sign({ name: 'RSA-PSS', saltLength: PSS_SALT_LENGTH }, privateKey, utf8(resultJSON));
  return toBase64(new Uint8Array(signature));
}

/** A new RSA-PSS (2048-bit, SHA-256) key pair; the private key cannot be exported. For tests and demos. */
export async function generateSoterKeyPair(): Promise<CryptoKeyPair> {
  return subtle().generateKey(
    { ...KEY_ALGORITHM, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    false,
    ['sign', 'verify'],
  );
}

/** The public key as PEM (`-----BEGIN PUBLIC KEY-----`, SPKI), as a device uploads it to the backend. */
export async function exportSoterPublicKey(publicKey: CryptoKey): Promise<string> {
  const der = toBase64(new Uint8Array(await subtle().exportKey('spki', publicKey)));
  return `-----BEGIN PUBLIC KEY-----\n${der.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;
}

/** A device's public key from PEM (`-----BEGIN PUBLIC KEY-----`, SPKI). */
export async function importSoterPublicKey(pem: string): Promise<CryptoKey> {
  const body = typeof pem === 'string' ? pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '') : '';
  const der = fromBase64(body);
  if (!der || der.length === 0) throw new TypeError('importSoterPublicKey: expected a PEM public key (-----BEGIN PUBLIC KEY-----)');
  return subtle().importKey('spki', der, KEY_ALGORITHM, true, ['verify']);
}
