/**
 * The `access_token` in the query string of a token-protected route: the app it was issued to,
 * counted against the app's rate limit. 41001 when missing, 40001 when unknown or replaced over
 * five minutes ago (or its app is no longer served), 42001 when expired.
 */
import { ApiError } from '../answers';
import type { Call, Services } from '../context';
import { requiredString } from '../params';

export async function appOfToken(call: Call, services: Services): Promise<string> {
  const token = requiredString(call.query, 'access_token', 'tokenMissing');
  const appId = await services.tokens.verify(token);
  if (!services.apps.get(appId)) throw new ApiError('invalidCredential', `the app ${appId} of this access_token is no longer served here`);
  services.limits.app(appId);
  return appId;
}
