/**
 * SOTER's challenge → sign → verify loop, as a reference, with Web Crypto (`globalThis.crypto.subtle`:
 * Node 20 and browsers).
 *
 * 1. The mini program's backend issues a random challenge.
 * 2. The mini program calls `wx.startSoterAuthentication({requestAuthModes, challenge})`; the device
 *    builds `resultJSON` (`raw` is the challenge, `counter` grows on every authentication, `appid`
 *    and `openid` name the mini program and the user it was shown for) and signs it with the key
 *    kept in its secure hardware: SHA256withRSA/PSS, salt length 20.
 * 3. The backend checks the signature with the device's public key, that `raw` is the challenge it
 *    issued, that `appid` is its own app and `openid` its user, and that `counter` grew
 *    (`verifySoterResult`): another app's result (a relay) and a replay both fail.
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
  /** wxbridge's binding: the user's openid for that app (what `code2Session` gives its backend). */
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
  /** The mini program's appId (`request.app.appId`): `verifySoterResult` requires it. */
  appId?: string;
  /** The user's openid for that app (`await request.openid()`): `verifySoterResult` requires it. */
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

/**
 * Whether `signatureBase64` is the device's signature of `resultJSON`. What the backend calls;
 * false for a wrong or malformed signature. (Throws only for a key that is not an RSA-PSS public key.)
 */
export async function verifySoterSignature(resultJSON: string, signatureBase64: string, publicKey: CryptoKey): Promise<boolean> {
  if (typeof resultJSON !== 'string' || typeof signatureBase64 !== 'string') return false;
  const signature = fromBase64(signatureBase64);
  if (!signature || signature.length === 0) return false;
  return subtle().verify({ name: 'RSA-PSS', saltLength: PSS_SALT_LENGTH }, publicKey, signature, utf8(resultJSON));
}

export interface VerifySoterResultInput {
  /** `resultJSON` as the mini program sent it (verify the exact text, never a re-serialisation). */
  resultJSON: string;
  /** `resultJSONSignature`. */
  signature: string;
  /** The device's public key (see `importSoterPublicKey`). */
  publicKey: CryptoKey;
  /** The challenge this backend issued for this authentication. */
  expectedChallenge: string;
  /** This backend's appId: a result shown for another mini program (`appid`) fails. */
  expectedAppId: string;
  /** The user's openid (from `code2Session`): a result of another user (`openid`) fails. */
  expectedOpenId: string;
  /**
   * The highest counter already accepted from this device: the new one must be greater, so a
   * replayed result fails. `null` only for the device's first result (then store its counter).
   */
  lastCounter: number | null;
}

export type SoterVerification =
  | { ok: true; counter: number; result: SoterResult }
  | {
      ok: false;
      reason: 'bad signature' | 'malformed result' | 'challenge mismatch' | 'app mismatch' | 'user mismatch' | 'counter not increased';
    };

function checkExpectations(input: VerifySoterResultInput): void {
  const need = (name: 'expectedChallenge' | 'expectedAppId' | 'expectedOpenId', what: string) => {
    const value = input?.[name];
    if (typeof value !== 'string' || value.length === 0) throw new TypeError(`verifySoterResult: ${name} must be ${what}`);
  };
  need('expectedChallenge', 'the non-empty challenge this backend issued');
  need('expectedAppId', "this backend's appId: a result is valid only for the mini program it was shown for");
  need('expectedOpenId', "the user's openid (from code2Session): a result is valid only for its own user");
  if (input.lastCounter !== null && !Number.isSafeInteger(input.lastCounter)) {
    throw new TypeError("verifySoterResult: lastCounter must be the highest counter accepted from this device (null for the device's first result)");
  }
}

/**
 * The backend's whole check: the signature, then that `raw` is the challenge it issued, that
 * `appid` and `openid` are its app and its user (a result relayed from another mini program or
 * user fails), then that `counter` grew past `lastCounter` (a replayed result fails). Store
 * `counter` on success. Throws a `TypeError` when an expectation is missing.
 */
export async function verifySoterResult(input: VerifySoterResultInput): Promise<SoterVerification> {
  checkExpectations(input);
  if (!(await verifySoterSignature(input.resultJSON, input.signature, input.publicKey))) {
    return { ok: false, reason: 'bad signature' };
  }
  let result: SoterResult;
  try {
    result = JSON.parse(input.resultJSON) as SoterResult;
  } catch {
    return { ok: false, reason: 'malformed result' };
  }
  if (typeof result !== 'object' || result === null || typeof result.raw !== 'string' || !Number.isSafeInteger(result.counter)) {
    return { ok: false, reason: 'malformed result' };
  }
  if (result.raw !== input.expectedChallenge) return { ok: false, reason: 'challenge mismatch' };
  if (result.appid !== input.expectedAppId) return { ok: false, reason: 'app mismatch' };
  if (result.openid !== input.expectedOpenId) return { ok: false, reason: 'user mismatch' };
  if (input.lastCounter !== null && !(result.counter > input.lastCounter)) {
    return { ok: false, reason: 'counter not increased' };
  }
  return { ok: true, counter: result.counter, result };
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

/** A device's public key from PEM (`-----BEGIN PUBLIC KEY-----`, SPKI), for `verifySoterResult`. */
export async function importSoterPublicKey(pem: string): Promise<CryptoKey> {
  const body = typeof pem === 'string' ? pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '') : '';
  const der = fromBase64(body);
  if (!der || der.length === 0) throw new TypeError('importSoterPublicKey: expected a PEM public key (-----BEGIN PUBLIC KEY-----)');
  return subtle().importKey('spki', der, KEY_ALGORITHM, true, ['verify']);
}
