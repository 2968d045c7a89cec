/**
 * The openids and unionids the server answers: those of the host's `OpenIds`
 * (`@wxbridge/store/records`): HMAC-SHA256 under the deployment secret of the records' `openIdMessage`
 * and `unionIdMessage`, base64url. Where the runtime has `node:crypto` they are computed
 * there, synchronously (one per `jscode2session`: a Web Crypto job on the thread pool costs more
 * than the HMAC itself); elsewhere `OpenIds` computes them. The tests hold the two to one answer.
 */
import { OpenIds, openIdMessage, unionIdMessage } from '@wxbridge/store/records';
import { native } from './crypto';

export interface Identities {
  of(appId: string, user: string): Promise<string>;
  union(union: string): Promise<string>;
}

export function identitiesOf(secret: string): Identities {
  const crypto = native;
  if (!crypto) return new OpenIds(secret);
  const hmac = async (message: string) => crypto.createHmac('sha256', secret).update(message).digest('base64url');
  return {
    of: (appId, user) => hmac(openIdMessage(appId, user)),
    union: (union) => hmac(unionIdMessage(union)),
  };
}
