/**
 * Access tokens, in the shared store so that every server of a deployment accepts the tokens any
 * of them issued. A token lives 7200 s; issuing a new one for an app leaves the previous one valid
 * five more minutes (WeChat's overlap), then it answers 40001.
 *
 * No token is stored in clear. Each issue takes the app's next generation (an atomic `adjust`); the
 * token is HMAC-SHA256(deployment secret, appId, generation, issue time), so `stable_token` can give
 * the current one back by deriving it again, and the store holds only its SHA-256:
 *
 * | key | value |
 * | --- | --- |
 * | `wxbridge/server/v1/token-generation/<appId>` | an integer: the app's last generation |
 * | `wxbridge/server/v1/token-issued/<appId>/<n>` | `{issuedAt}` of generation n (written last: present means issued) |
 * | `wxbridge/server/v1/token/<base64url(SHA-256(token))>` | `{appId, generation, issuedAt}` |
 */
import { integerOf, type SharedStore } from '@wxbridge/store';
import { hmacSha256, parse, sha256Base64url, toBase64url } from '@wxbridge/store/records';
import { ApiError } from '../answers';

/** A token's life: 7200 s, as WeChat's. */
export const TOKEN_TTL_MS = 7200_000;
/** How long a token stays valid once a newer one is issued. */
export const TOKEN_OVERLAP_MS = 5 * 60_000;
/** 32 bytes of HMAC, base64url. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const PREFIX = 'wxbridge/server/v1/';
const part = encodeURIComponent;
const generationKey = (appId: string) => `${PREFIX}token-generation/${part(appId)}`;
const issuedKey = (appId: string, n: number) => `${PREFIX}token-issued/${part(appId)}/${n}`;
const tokenKey = (hash: string) => `${PREFIX}token/${hash}`;

interface TokenRecord {
  appId: string;
  generation: number;
  issuedAt: number;
}

function asToken(text: string | undefined): TokenRecord | undefined {
  const r = parse(text);
  return r && typeof r.appId === 'string' && typeof r.generation === 'number' && typeof r.issuedAt === 'number'
    ? { appId: r.appId, generation: r.generation, issuedAt: r.issuedAt }
    : undefined;
}

function issuedAtOf(text: string | undefined): number | undefined {
  const r = parse(text);
  return r && typeof r.issuedAt === 'number' ? r.issuedAt : undefined;
}

export interface IssuedToken {
  access_token: string;
  /** Seconds left. */
  expires_in: number;
}

export class AccessTokens {
  constructor(
    private readonly store: SharedStore,
    private readonly secret: string,
    private readonly clock: () => number,
  ) {}

  /** A new token for `appId`; the previous one stays valid `TOKEN_OVERLAP_MS` more. */
  async issue(appId: string): Promise<IssuedToken> {
    const generation = await this.store.adjust(generationKey(appId), 1);
    if (generation === undefined) throw new Error('AccessTokens: the store refused to count a token generation');
    const issuedAt = this.clock();
    const token = await this.derive(appId, generation, issuedAt);
    const record: TokenRecord = { appId, generation, issuedAt };
    // Kept a second life, so an expired token answers 42001 (expired), not 40001 (unknown).
    await this.store.set(tokenKey(await this.hash(token)), JSON.stringify(record), { ttlMs: 2 * TOKEN_TTL_MS });
    await this.store.set(issuedKey(appId, generation), JSON.stringify({ issuedAt }), { ttlMs: TOKEN_TTL_MS + TOKEN_OVERLAP_MS });
    return { access_token: token, expires_in: TOKEN_TTL_MS / 1000 };
  }

  /**
   * The app's latest token while it has more than `TOKEN_OVERLAP_MS` to live (what `stable_token`
   * gives back without `force_refresh`), else `undefined`.
   */
  async current(appId: string): Promise<IssuedToken | undefined> {
    const generation = integerOf(await this.store.get(generationKey(appId)));
    if (generation < 1) return undefined;
    const issuedAt = issuedAtOf(await this.store.get(issuedKey(appId, generation)));
    const left = issuedAt === undefined ? 0 : issuedAt + TOKEN_TTL_MS - this.clock();
    if (issuedAt === undefined || left <= TOKEN_OVERLAP_MS) return undefined;
    return { access_token: await this.derive(appId, generation, issuedAt), expires_in: Math.floor(left / 1000) };
  }

  /** The appId a token was issued to: else 40001 (unknown, or replaced over five minutes ago) or 42001 (expired). */
  async verify(token: string): Promise<string> {
    if (!TOKEN_PATTERN.test(token)) throw new ApiError('invalidCredential', 'this is not an access_token this server issued');
    const record = asToken(await this.store.get(tokenKey(await this.hash(token))));
    if (!record) throw new ApiError('invalidCredential', 'unknown access_token: get one from /cgi-bin/token or /cgi-bin/stable_token');
    const now = this.clock();
    if (now >= record.issuedAt + TOKEN_TTL_MS) throw new ApiError('tokenExpired', 'get a new one from /cgi-bin/token or /cgi-bin/stable_token');
    const replacedAt = await this.replacedAt(record);
    if (replacedAt !== undefined && now >= replacedAt + TOKEN_OVERLAP_MS) {
      throw new ApiError('invalidCredential', 'a newer access_token was issued for this app over five minutes ago');
    }
    return record.appId;
  }

  /** When a newer generation than the record's was issued, if one was. */
  private async replacedAt(record: TokenRecord): Promise<number | undefined> {
    // Both read at once: the generation is needed whenever n + 1 left no record, the usual case.
    const [nextText, latestText] = await Promise.all([this.store.get(issuedKey(record.appId, record.generation + 1)), this.store.get(generationKey(record.appId))]);
    const next = issuedAtOf(nextText);
    if (next !== undefined) return next;
    // Generation n + 1 left no record (its issuer died before writing it): the latest one decides.
    const latest = integerOf(latestText);
    return latest > record.generation + 1 ? issuedAtOf(await this.store.get(issuedKey(record.appId, latest))) : undefined;
  }

  private async derive(appId: string, generation: number, issuedAt: number): Promise<string> {
    // A NUL-led label: openid messages start with a non-empty appId, unionid ones with "\0unionid\0".
    return toBase64url(await hmacSha256(this.secret, `\0access_token\0${appId}\0${generation}\0${issuedAt}`));
  }

  private hash(token: string): Promise<string> {
    return sha256Base64url(token);
  }
}
