/**
 * `createServer`'s options and their checks: each wrong one is a `TypeError` naming it and what
 * was expected, at start, never a failure at the first request.
 */
import { requireShared, type KeyValueStore, type SharedStore } from '@wxbridge/store';
import { Apps, type AppOptions } from './apps';
import type { RateLimitOptions } from './rate-limits';
import type { SentMessage } from './subscriptions/outbox';

/** What the Node listener (or another runtime's adapter) knows of the connection. */
export interface ConnectionInfo {
  /** The peer's address, as the socket reports it. */
  remoteAddress?: string;
}

/** What `onError` is told about the request that failed. */
export interface ErrorInfo {
  requestId: string;
  method: string;
  /** The path, without the query string (which may hold a secret). */
  path: string;
  /** What failed, when the request itself was answered (e.g. a `deliver` hook that threw after a send). */
  context?: string;
}

/** The user a code was issued to, as `blockedUser` sees it. */
export interface LoginAttempt {
  appId: string;
  openid: string;
  /** The superapp's own id of the user. */
  user: string;
}

export interface ServerOptions extends RateLimitOptions {
  /** The shared store the host writes codes, sessions and acceptances to (MemoryStore in one process, FileStore, a Redis store…). */
  store: KeyValueStore;
  /** The deployment's secret: the host's `SessionService` `secret`, from which openids and unionids are derived. */
  secret: string;
  /** The apps served, with their secrets (kept only hashed). */
  apps: readonly AppOptions[];
  /** The user's id across the integrator's apps, as the host's `unionIdOf`: `jscode2session` then adds a unionid. */
  unionIdOf?: (user: string) => string | undefined | Promise<string | undefined>;
  /** `true` refuses a login with 40226 (a risk-controlled user); the code stays unredeemed. */
  blockedUser?: (attempt: LoginAttempt) => boolean | Promise<boolean>;
  /** Called with each subscription message the server accepted, after it is in the user's outbox. */
  deliver?: (message: SentMessage) => void | Promise<void>;
  /** Told of every internal error (answered `-1 system busy`); never of a client's mistake. */
  onError?: (error: unknown, info: ErrorInfo) => void;
  /** The largest POST body accepted, in bytes. Default 64 KiB. */
  maxBodyBytes?: number;
  /**
   * Who a request comes from, for the per-client rate limit. Default: the connection's remote
   * address (`info.remoteAddress`, given by the Node listener). Behind a proxy, read the header it
   * sets, e.g. `(request) => request.headers.get('x-forwarded-for')?.split(',')[0]`.
   */
  clientOf?: (request: Request, info: ConnectionInfo) => string | undefined;
  /** Milliseconds since the epoch. Default `Date.now`. */
  clock?: () => number;
  /** How long a login code is redeemable: the host's `codeTtlMs`. Default five minutes. */
  codeTtlMs?: number;
  /** How long a session lasts (what `checksession` accepts): the host's `sessionTtlMs`. Default 24 hours. */
  sessionTtlMs?: number;
}

export interface Config {
  store: SharedStore;
  secret: string;
  apps: Apps;
  unionIdOf: ServerOptions['unionIdOf'];
  blockedUser: ServerOptions['blockedUser'];
  deliver: ServerOptions['deliver'];
  onError: ServerOptions['onError'];
  maxBodyBytes: number;
  /** `undefined`: the connection's remote address (no `Request` is made for it). */
  clientOf: ServerOptions['clientOf'];
  clock: () => number;
  codeTtlMs: number;
  sessionTtlMs: number;
}

const WHO = 'createServer';

function optionalFunction<T>(options: ServerOptions, name: keyof ServerOptions): T | undefined {
  const value = options[name];
  if (value !== undefined && typeof value !== 'function') throw new TypeError(`${WHO}: ${name} must be a function`);
  return value as T | undefined;
}

function positive(name: string, value: unknown, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && value > 0 && (!integer || Number.isSafeInteger(value));
  if (!ok) throw new TypeError(`${WHO}: ${name} must be a positive ${integer ? 'integer' : 'number'}, not ${String(value)}`);
  return value as number;
}

export function configOf(options: ServerOptions): Config {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${WHO}: options must be an object {store, secret, apps, …}`);
  if (options.store === undefined) throw new TypeError(`${WHO}: store is required (MemoryStore, FileStore, a Redis store…)`);
  const store = requireShared(options.store, `${WHO}: store`);
  if (typeof options.secret !== 'string' || options.secret.length === 0) {
    throw new TypeError(`${WHO}: secret must be a non-empty string (the deployment secret the host's SessionService has)`);
  }
  return {
    store,
    secret: options.secret,
    apps: new Apps(options.apps, `${WHO}: apps`),
    unionIdOf: optionalFunction(options, 'unionIdOf'),
    blockedUser: optionalFunction(options, 'blockedUser'),
    deliver: optionalFunction(options, 'deliver'),
    onError: optionalFunction(options, 'onError'),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 64 * 1024, true),
    clientOf: optionalFunction(options, 'clientOf'),
    clock: optionalFunction(options, 'clock') ?? Date.now,
    codeTtlMs: positive('codeTtlMs', options.codeTtlMs, 5 * 60_000),
    sessionTtlMs: positive('sessionTtlMs', options.sessionTtlMs, 24 * 3600_000),
  };
}
