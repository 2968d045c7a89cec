/**
 * `GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code`: a `wx.login`
 * code the host issued, exchanged once for `{openid, session_key, unionid?}`.
 *
 * | problem | errcode |
 * | --- | --- |
 * | appid / secret / js_code missing | 41002 / 41004 / 41008 |
 * | grant_type not authorization_code | 40002 |
 * | unknown appid / wrong secret | 40013 / 40125 |
 * | unknown, garbage, expired or another app's code | 40029 |
 * | a code already redeemed | 40163 |
 * | over 100 redemptions of one user's codes in a minute | 45011 (the code stays redeemable) |
 * | `blockedUser` says the user is blocked | 40226 (the code stays redeemable) |
 *
 * Under `/openserver/` an error still carries TCMPP's empty `openid`, `session_key` and `unionid`.
 */
import type { Code2SessionOk } from '@wxbridge/store/records';
import { ApiError } from '../answers';
import type { Call, Route, Services } from '../context';
import { requiredString } from '../params';
import { codeError, isCodeError } from './code-errors';
import { userWrite } from './users';

async function unionIdOf(services: Services, user: string): Promise<string | undefined> {
  const union = await services.config.unionIdOf?.(user);
  return typeof union === 'string' && union.length > 0 ? services.openIds.union(union) : undefined;
}

export const jscode2sessionRoute: Route = {
  method: 'GET',
  tcmppErrorFields: { openid: '', session_key: '', unionid: '' },
  async handle(call: Call, services: Services) {
    const appId = requiredString(call.query, 'appid', 'appidMissing');
    const secret = requiredString(call.query, 'secret', 'secretMissing');
    const code = requiredString(call.query, 'js_code', 'codeMissing');
    const grant = requiredString(call.query, 'grant_type', 'invalidGrantType');
    if (grant !== 'authorization_code') throw new ApiError('invalidGrantType', 'grant_type must be authorization_code');
    await services.apps.authenticate(appId, secret);
    services.limits.app(appId);
    // Everything here runs before the code is consumed: a refusal or a failure leaves it redeemable.
    const result = await services.logins.loginCode(
      appId,
      code,
      async (record) => {
        services.limits.login(appId, record.user);
        const openid = await services.openIds.of(appId, record.user);
        if ((await services.config.blockedUser?.({ appId, openid, user: record.user })) === true) {
          throw new ApiError('riskyUser', 'the integrator blocked this login');
        }
        const answer: Code2SessionOk = { openid, session_key: record.sessionKey };
        const unionid = await unionIdOf(services, record.user);
        if (unionid !== undefined) answer.unionid = unionid;
        return answer;
      },
      // Written with the tombstone: who the openid is, for checksession and subscribe/send.
      (record, answer) => [userWrite(appId, answer.openid, record.user, services.clock())],
    );
    if (isCodeError(result)) throw codeError(result);
    return { ...result };
  },
};
