/**
 * The credentials WeChat puts in user data (`wx.getUserInfo`, `wx.getUserProfile`), which the host
 * computes on the v2 login standard with the session_key of the user's last login code, so that
 * the mini program's backend checks them exactly as on WeChat, with the session_key it got from
 * the open-platform server's `jscode2session`:
 * - `signature`: hex(SHA-1(rawData + session_key)), the session_key as its base64 text;
 * - `encryptedData`: base64 of AES-128-CBC with PKCS#7 padding of the JSON text of the user info
 *   followed by `watermark: {appid, timestamp}` (seconds); the key is the session_key's 16 bytes,
 *   the IV 16 random bytes;
 * - `iv`: base64 of that IV.
 *
 * Web Crypto only (`crypto.subtle`: Node 20 and secure browser contexts).
 */
import { fromBase64, randomBytes, subtleCrypto, toBase64, utf8 } from '@wxbridge/store/records';

const WHO = 'user-data credentials (Web Crypto: Node 20+ or a secure browser context)';
const KEY_BYTES = 16;
const IV_BYTES = 16;

export interface UserDataCredentials {
  signature: string;
  encryptedData: string;
  iv: string;
}

export interface UserDataInput {
  /** The app the data are for: the watermark's `appid`, which the backend compares with its own. */
  appId: string;
  /** The session_key as `jscode2session` gives it to the backend: the base64 text of 16 bytes. */
  sessionKey: string;
  /** The text the mini program gets as `rawData`: the JSON text of `userInfo`. */
  rawData: string;
  /** The user info, encrypted with the watermark after it. */
  userInfo: Record<string, unknown>;
  /** The watermark's `timestamp`, in seconds since the epoch. Default: now. */
  timestamp?: number;
}

const hex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** The session_key's 16 bytes, or a TypeError naming what was expected. */
function keyBytes(sessionKey: unknown): Uint8Array<ArrayBuffer> {
  const bytes = typeof sessionKey === 'string' ? fromBase64(sessionKey) : undefined;
  if (bytes?.length !== KEY_BYTES) {
    throw new TypeError('userDataCredentials: sessionKey must be the base64 text of 16 bytes (a session_key as jscode2session gives it)');
  }
  return bytes;
}

/** `signature`: hex(SHA-1(rawData + sessionKey)). */
async function signUserData(rawData: string, sessionKey: string): Promise<string> {
  return hex(await subtleCrypto(WHO).digest('SHA-1', utf8(rawData + sessionKey)));
}

/** `encryptedData` and `iv`: the JSON text of `data`, AES-128-CBC (PKCS#7) under the session_key's bytes, with a random IV. */
async function encryptUserData(data: Record<string, unknown>, sessionKey: Uint8Array<ArrayBuffer>): Promise<{ encryptedData: string; iv: string }> {
  const subtle = subtleCrypto(WHO);
  const key = await subtle.importKey('raw', sessionKey, { name: 'AES-CBC' }, false, ['encrypt']);
  const iv = randomBytes(IV_BYTES, WHO);
  // Web Crypto's AES-CBC pads with PKCS#7 itself.
  const sealed = await subtle.encrypt({ name: 'AES-CBC', iv }, key, utf8(JSON.stringify(data)));
  return { encryptedData: toBase64(new Uint8Array(sealed)), iv: toBase64(iv) };
}

/** The three credentials of a user-data result, for `appId` under `sessionKey`. */
export async function userDataCredentials(input: UserDataInput): Promise<UserDataCredentials> {
  const { appId, sessionKey, rawData, userInfo } = input;
  if (typeof appId !== 'string' || appId.length === 0) throw new TypeError('userDataCredentials: appId must be a non-empty string');
  if (typeof rawData !== 'string') throw new TypeError('userDataCredentials: rawData must be a string (the JSON text of userInfo)');
  const key = keyBytes(sessionKey);
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError('userDataCredentials: timestamp must be a whole number of seconds since the epoch');
  const [signature, sealed] = await Promise.all([
    signUserData(rawData, sessionKey),
    encryptUserData({ ...userInfo, watermark: { appid: appId, timestamp } }, key),
  ]);
  return { signature, ...sealed };
}
