/**
 * `GET /wxa/checksession?access_token=&openid=&signature=&sig_method=hmac_sha256`: whether the
 * backend's session_key for this user is still the user's current one. `signature` is
 * hex(HMAC-SHA256(key = the session_key, message = "")), the key being the session_key's text as
 * `jscode2session` gave it (its UTF-8 bytes, not the 16 bytes it encodes): what WeChat's server SDKs
 * send (PHP `hash_hmac('sha256', '', $sessionKey)`, Node `createHmac('sha256', sessionKey)`, Java
 * `sessionKey.getBytes(UTF_8)`). It is checked against the session of the user's last login code
 * while that session lasts (`sessionTtlMs`).
 *
 * | problem | errcode |
 * | --- | --- |
 * | openid missing / not a user of this app | 41009 / 40003 |
 * | signature missing, sig_method not hmac_sha256 | 40097 |
 * | no valid session, or the signature is not of its session_key | 87009 |
 */
import { asSession, hmacSha256, sessionKeyOf } from '@wxbridge/store/records';
import { ApiError } from '../answers';
import type { Call, Route, Services } from '../context';
import { equalSecrets, toHex } from '../crypto';
import { requiredString } from '../params';
import { appOfToken } from '../tokens/require-token';
import { userOf } from './users';

/** The signature of a session: hex(HMAC-SHA256(key = the session_key's text, "")). */
export async function sessionSignature(sessionKey: string): Promise<string> {
  return toHex(await hmacSha256(sessionKey, ''));
}

export const checkSessionRoute: Route = {
  method: 'GET',
  async handle(call: Call, services: Services) {
    const appId = await appOfToken(call, services);
    const openid = requiredString(call.query, 'openid', 'openidMissing');
    const signature = requiredString(call.query, 'signature');
    const method = requiredString(call.query, 'sig_method');
    if (method !== 'hmac_sha256') throw new ApiError('invalidArgs', 'sig_method must be hmac_sha256');
    const user = await userOf(services.store, appId, openid);
    if (user === undefined) throw new ApiError('invalidOpenid', 'no user of this app has this openid');
    const session = asSession(await services.store.get(sessionKeyOf(appId, user)));
    if (!session || services.clock() > session.startedAt + services.config.sessionTtlMs) {
      throw new ApiError('invalidSignature', 'the session is over: log in again (wx.login, then jscode2session)');
    }
    const expected = await sessionSignature(session.sessionKey);
    if (!(await equalSecrets(signature.toLowerCase(), expected))) {
      throw new ApiError('invalidSignature', "the signature is not hex(HMAC-SHA256(the user's current session_key, \"\"))");
    }
    return { errcode: 0, errmsg: 'ok' };
  },
};
