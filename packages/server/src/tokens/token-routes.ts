/**
 * `GET /cgi-bin/token?grant_type=client_credential&appid=&secret=`: a new access token, the
 * previous one valid five more minutes. `POST /cgi-bin/stable_token` `{grant_type, appid, secret,
 * force_refresh?}`: the current token while it has over five minutes to live (`expires_in` then
 * counts what is left), else, or with `force_refresh: true`, a new one. Errors: 40002 invalid
 * grant_type, 41002 appid missing, 41004 secret missing, 40013 invalid appid, 40125 invalid appsecret.
 */
import { ApiError } from '../answers';
import type { Call, Route, Services } from '../context';
import { optionalBoolean, requiredString, type Params } from '../params';

async function credentials(params: Params, services: Services): Promise<string> {
  const grant = requiredString(params, 'grant_type', 'invalidGrantType');
  if (grant !== 'client_credential') throw new ApiError('invalidGrantType', 'grant_type must be client_credential');
  const appId = requiredString(params, 'appid', 'appidMissing');
  const secret = requiredString(params, 'secret', 'secretMissing');
  await services.apps.authenticate(appId, secret);
  services.limits.app(appId);
  return appId;
}

export const tokenRoute: Route = {
  method: 'GET',
  async handle(call: Call, services: Services) {
    const appId = await credentials(call.query, services);
    return { ...(await services.tokens.issue(appId)) };
  },
};

export const stableTokenRoute: Route = {
  method: 'POST',
  async handle(call: Call, services: Services) {
    const body = await call.body();
    const force = optionalBoolean(body, 'force_refresh') ?? false;
    const appId = await credentials(body, services);
    const current = force ? undefined : await services.tokens.current(appId);
    return { ...(current ?? (await services.tokens.issue(appId))) };
  },
};
