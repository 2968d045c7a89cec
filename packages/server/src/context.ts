/**
 * What a route is given: the call (its request, parameters, id, client) and the server's services.
 * Routes are plain functions of these two, so each endpoint is one small file.
 */
import type { SharedStore } from '@wxbridge/store';
import type { OpenIds } from '@wxbridge/store/records';
import type { Body } from './answers';
import type { Apps } from './apps';
import type { Config } from './options';
import type { Params } from './params';
import type { RateLimits } from './rate-limits';
import type { AccessTokens } from './tokens/access-tokens';
import type { Redeemer } from './login/redeem';

export interface Call {
  /** The query string's parameters. */
  readonly query: Params;
  readonly requestId: string;
  /** Under TCMPP's `/openserver/` prefix. */
  readonly tcmpp: boolean;
  /** Who is calling, for the per-client rate limit. */
  readonly client: string;
  /** The JSON body (read once, capped at `maxBodyBytes`): 44002, 47001 or 45002 when it cannot be. */
  json(): Promise<Record<string, unknown>>;
  /** The JSON body's parameters. */
  body(): Promise<Params>;
  /** Tells `onError` of a failure that does not fail the answer (e.g. a `deliver` hook that threw). */
  report(error: unknown, context?: string): void;
}

export interface Services {
  readonly config: Config;
  readonly store: SharedStore;
  readonly clock: () => number;
  readonly apps: Apps;
  readonly limits: RateLimits;
  readonly tokens: AccessTokens;
  readonly logins: Redeemer;
  readonly openIds: OpenIds;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  handle(call: Call, services: Services): Promise<Body>;
  /** Fields an error answer carries too under `/openserver/` (TCMPP's empty openid, session_key, unionid). */
  readonly tcmppErrorFields?: Body;
}
