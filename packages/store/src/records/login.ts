/**
 * The records `SessionService` keeps (codes, tombstones, sessions, shared info), their store keys,
 * their parsers (a record that cannot be read counts as absent) and the input checks.
 */
import { sha256Base64url } from './native-crypto';
import { CODE2SESSION_ERRORS, type Code2SessionError, type ShareKind } from './login-types';

export const PREFIX = 'wxbridge/sessions/v1/';
const MAX_INPUT = 256;
/** 24 random bytes: 192 bits, 32 base64url characters (the length of WeChat's codes). */
export const CODE_BYTES = 24;
export const CODE_PATTERN = /^[A-Za-z0-9_-]{32}$/;
/** Like WeChat's: 16 random bytes, base64. */
export const SESSION_KEY_BYTES = 16;

export const INVALID: Code2SessionError = { errcode: CODE2SESSION_ERRORS.invalidCode, errmsg: 'invalid code' };
export const EXPIRED: Code2SessionError = { errcode: CODE2SESSION_ERRORS.invalidCode, errmsg: 'invalid code: expired' };
export const USED: Code2SessionError = { errcode: CODE2SESSION_ERRORS.codeUsed, errmsg: 'code been used' };

export interface CodeRecord {
  appId: string;
  user: string;
  sessionKey: string;
  issuedAt: number;
}
export interface UsedRecord {
  appId: string;
  until: number;
}
export interface SessionRecord {
  sessionKey: string;
  startedAt: number;
  /** The ids of the last codes issued for (appId, user), oldest first: the only ones still redeemable. */
  codes: string[];
}

/**
 * What stands for a code in store keys: base64url(SHA-256(code)), 43 characters. A code is a bearer
 * secret, so no key holds it: a listing of the store's keys (a folder of files, a key scan) reveals
 * nothing redeemable.
 */
export function codeIdOf(code: string): Promise<string> {
  return sha256Base64url(code);
}

export const codeKey = (id: string) => `${PREFIX}code/${id}`;
export const usedKey = (id: string) => `${PREFIX}used/${id}`;
export const shareKey = (kind: ShareKind, id: string) => `${PREFIX}share/${kind}/${id}`;
export const sharedKey = (kind: ShareKind, id: string) => `${PREFIX}shared/${kind}/${id}`;

/** Where a single-use code lives while redeemable, and its tombstone once redeemed. */
export interface CodeKeys {
  code: string;
  used: string;
}
export const sessionKeyOf = (appId: string, user: string) =>
  `${PREFIX}session/${encodeURIComponent(appId)}/${encodeURIComponent(user)}`;


/** Lone surrogates: `encodeURIComponent` throws on them and UTF-8 turns them all into U+FFFD. */
export const LONE_SURROGATE = /\p{Cs}/u;

export function problemWith(value: unknown, isAppId: boolean): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty string';
  if (value.length > MAX_INPUT) return `must be at most ${MAX_INPUT} characters`;
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogates)';
  // The openid is an HMAC over appId + NUL + user: an appId without NUL keeps that unambiguous.
  if (isAppId && value.includes('\0')) return 'must not contain NUL';
  return undefined;
}

export function check(method: string, name: 'appId' | 'user', value: unknown): asserts value is string {
  const problem = problemWith(value, name === 'appId');
  if (problem) throw new TypeError(`SessionService.${method}: ${name} ${problem}`);
}

export function checkTtl(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`SessionService: ${name} must be a positive finite number of milliseconds`);
  }
  return value;
}

/** The JSON object `text` holds, or `undefined` (absent, not JSON, or not an object): every record parser starts here. */
export function parse(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function asCode(text: string | undefined): CodeRecord | undefined {
  const r = parse(text);
  return r &&
    typeof r.appId === 'string' &&
    typeof r.user === 'string' &&
    typeof r.sessionKey === 'string' &&
    typeof r.issuedAt === 'number'
    ? { appId: r.appId, user: r.user, sessionKey: r.sessionKey, issuedAt: r.issuedAt }
    : undefined;
}

export interface ShareRecord {
  appId: string;
  user: string;
  info: Record<string, unknown>;
  issuedAt: number;
}

export function asShare(text: string | undefined): ShareRecord | undefined {
  const r = parse(text);
  return r && typeof r.appId === 'string' && typeof r.user === 'string' && typeof r.issuedAt === 'number' && typeof r.info === 'object' && r.info !== null
    ? { appId: r.appId, user: r.user, info: r.info as Record<string, unknown>, issuedAt: r.issuedAt }
    : undefined;
}

export function asUsed(text: string | undefined): UsedRecord | undefined {
  const r = parse(text);
  return r && typeof r.appId === 'string' && typeof r.until === 'number' ? { appId: r.appId, until: r.until } : undefined;
}

export function asSession(text: string | undefined): SessionRecord | undefined {
  const r = parse(text);
  if (!r || typeof r.sessionKey !== 'string' || typeof r.startedAt !== 'number') return undefined;
  const codes = Array.isArray(r.codes) ? r.codes.filter((id): id is string => typeof id === 'string') : [];
  return { sessionKey: r.sessionKey, startedAt: r.startedAt, codes };
}

