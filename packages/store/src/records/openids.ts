/**
 * Openids and unionids: HMAC-SHA256 under the deployment's secret, base64url. The host derives the
 * openid it binds into what it signs (SOTER results, the users it records); the server derives the
 * same one when a backend redeems a code. Every process of a deployment must share the secret.
 */
import { randomBytes, subtleCrypto, toBase64url, utf8 } from './bytes';
import { nativeCrypto } from './native-crypto';

/** What an openid is the HMAC of: `<appId>\0<user>` (an appId holds no NUL, so pairs never collide). */
export const openIdMessage = (appId: string, user: string): string => `${appId}\0${user}`;
/** What a unionid is the HMAC of: a NUL-led label, which no openid message (a non-empty, NUL-free appId first) can equal. */
export const unionIdMessage = (union: string): string => `\0unionid\0${union}`;

export class OpenIds {
  /** Web Crypto's key, imported on first use where there is no `node:crypto`, so constructing one never needs `crypto.subtle`. */
  private key: Promise<CryptoKey> | undefined;
  /** The secret's bytes, made on first use too: constructing one never needs any crypto. */
  private secretBytes: Uint8Array<ArrayBuffer> | undefined;

  /** `secret`: the deployment's secret; undefined: a random one (openids then differ per instance). */
  constructor(private readonly secret: string | undefined) {}

  /** The openid of `user` in the app `appId` (appId must not contain NUL). */
  of(appId: string, user: string): Promise<string> {
    return this.hmac(openIdMessage(appId, user));
  }

  /** The unionid of the integrator's cross-app user id `union`. */
  union(union: string): Promise<string> {
    return this.hmac(unionIdMessage(union));
  }

  private async hmac(message: string): Promise<string> {
    // node:crypto where there is one: synchronous, no thread-pool job (native-crypto.ts).
    const secret = (this.secretBytes ??= this.secret === undefined ? randomBytes(32, 'openids') : utf8(this.secret));
    if (nativeCrypto) return nativeCrypto.createHmac('sha256', secret).update(message).digest('base64url');
    const subtle = subtleCrypto('openids');
    this.key ??= subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return toBase64url(new Uint8Array(await subtle.sign('HMAC', await this.key, utf8(message))));
  }
}
