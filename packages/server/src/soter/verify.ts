/**
 * `POST /cgi-bin/soter/verify_signature` `{openid, json_string, json_signature}`: whether a SOTER
 * result is genuine, fresh and meant for this app and user, as `{errcode: 0, errmsg: 'ok', is_ok}`.
 *
 * | check | answer |
 * | --- | --- |
 * | a field missing or not a non-empty string | 47001 `data format error` |
 * | no device key enrolled for (app, openid) | 40003 `invalid openid` |
 * | the signature (RSASSA-PSS, SHA-256, salt 20) over the exact `json_string` bytes, with that key | `is_ok: false` when wrong |
 * | `json_string` is a JSON object with `appid` = the caller's app and `openid` = the body's openid | `is_ok: false` otherwise (a result relayed from another app or user) |
 * | `counter` greater than the highest accepted for (app, openid), recorded atomically (`counter.ts`) | `is_ok: false` otherwise (a replay) |
 *
 * `is_ok` is all the answer says, as on WeChat. The challenge is the backend's to check: it issued
 * it, so after `is_ok: true` it compares `raw` in `json_string` (which it holds) with its challenge.
 */
import type { SharedStore } from '@wxbridge/store';
import { asSoterKey, problemWith, soterKeyKey } from '@wxbridge/store/records';
import { failure, OK, type WxFailure } from '../answers';
import { isObject, missingString } from '../params';
import { acceptSoterCounter } from './counter';
import { importSoterPublicKey, verifySoterSignature } from './signature';

export interface SoterDeps {
  /** Where the host enrolled the device keys and where the counters are kept. */
  store: SharedStore;
}

export interface SoterAnswer {
  errcode: 0;
  errmsg: 'ok';
  is_ok: boolean;
}

export type SoterRejection = 'bad signature' | 'malformed result' | 'app mismatch' | 'user mismatch' | 'counter not increased';

/** The verdict behind `is_ok`: accepted with its counter, or why not. */
export type SoterVerdict = { ok: true; counter: number } | { ok: false; reason: SoterRejection };

interface SoterRequest {
  openid: string;
  json_string: string;
  json_signature: string;
}

function parseResult(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function judge(store: SharedStore, appId: string, request: SoterRequest, publicKey: CryptoKey): Promise<SoterVerdict> {
  if (!(await verifySoterSignature(request.json_string, request.json_signature, publicKey))) return { ok: false, reason: 'bad signature' };
  const result = parseResult(request.json_string);
  const counter = result?.counter;
  if (!result || typeof counter !== 'number' || !Number.isSafeInteger(counter)) return { ok: false, reason: 'malformed result' };
  if (result.appid !== appId) return { ok: false, reason: 'app mismatch' };
  if (result.openid !== request.openid) return { ok: false, reason: 'user mismatch' };
  if (!(await acceptSoterCounter(store, appId, request.openid, counter))) return { ok: false, reason: 'counter not increased' };
  return { ok: true, counter };
}

/**
 * The verdict on a SOTER result for `appId` (the app the access token belongs to), or the failure
 * WeChat would answer (47001, 40003). An accepted verdict has recorded its counter: the same
 * result is never accepted twice. Throws when the store fails or the enrolled key is not a key.
 */
export async function soterVerdict(deps: SoterDeps, appId: string, body: unknown): Promise<SoterVerdict | WxFailure> {
  const missing = missingString(body, ['openid', 'json_string', 'json_signature']);
  if (missing) return missing;
  const request = body as SoterRequest;
  if (problemWith(request.openid, false)) return failure('invalidOpenid');
  const key = soterKeyKey(appId, request.openid);
  const enrolled = asSoterKey(await deps.store.get(key));
  if (!enrolled) return failure('invalidOpenid');
  let publicKey: CryptoKey;
  try {
    publicKey = await importSoterPublicKey(enrolled.publicKey);
  } catch (error) {
    throw new Error(`SOTER: the key enrolled at ${key} is not an RSA-PSS public key (PEM, SPKI)`, { cause: error });
  }
  return judge(deps.store, appId, request, publicKey);
}

/** The answer to `verify_signature`: `{errcode: 0, errmsg: 'ok', is_ok}`, or 47001 / 40003. */
export async function verifySignature(deps: SoterDeps, appId: string, body: unknown): Promise<SoterAnswer | WxFailure> {
  const verdict = await soterVerdict(deps, appId, body);
  return 'errcode' in verdict ? verdict : { ...OK, is_ok: verdict.ok };
}
