/**
 * The server's rate limits, counted per clock minute (the minute of WeChat's "minute quota"): per
 * client (what the Node listener reports as the remote address, or `clientOf`), per app, and for
 * `jscode2session` per user (WeChat's 100 a minute). Beyond one, the answer is 45011 with a
 * `Retry-After` header. Counted in this process: each server of a deployment counts its own.
 */
import { ApiError } from './answers';

const MINUTE = 60_000;

/** How many calls a minute each may make. */
export interface RateLimitOptions {
  /** Calls per minute from one client, all apps together. Default 1200. */
  perClientPerMinute?: number;
  /** Calls per minute naming one app (by appid or access_token). Default 6000. */
  perAppPerMinute?: number;
  /** `jscode2session` calls per minute redeeming one user's codes. Default 100, as WeChat's. */
  loginsPerUserPerMinute?: number;
}

/** Counts per key in the current minute; forgets the previous minute's keys when a new one starts. */
export class MinuteCounter {
  private minute = -Infinity;
  private readonly counts = new Map<string, number>();

  constructor(
    readonly limit: number,
    private readonly clock: () => number,
  ) {}

  /** Counts a call of `key`; past the limit, counts nothing and returns the seconds until the next minute. */
  take(key: string): { retryAfter: number } | undefined {
    const now = this.clock();
    const minute = Math.floor(now / MINUTE);
    if (minute !== this.minute) {
      this.minute = minute;
      this.counts.clear();
    }
    const count = this.counts.get(key) ?? 0;
    if (count >= this.limit) return { retryAfter: Math.max(1, Math.ceil(((minute + 1) * MINUTE - now) / 1000)) };
    this.counts.set(key, count + 1);
    return undefined;
  }
}

/** A limit option: a positive integer, or the default when left out. */
export function limitOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`createServer: ${name} must be a positive integer, not ${String(value)}`);
  }
  return value;
}

export class RateLimits {
  private readonly clients: MinuteCounter;
  private readonly apps: MinuteCounter;
  private readonly logins: MinuteCounter;

  constructor(options: RateLimitOptions, clock: () => number) {
    this.clients = new MinuteCounter(limitOption('perClientPerMinute', options.perClientPerMinute, 1200), clock);
    this.apps = new MinuteCounter(limitOption('perAppPerMinute', options.perAppPerMinute, 6000), clock);
    this.logins = new MinuteCounter(limitOption('loginsPerUserPerMinute', options.loginsPerUserPerMinute, 100), clock);
  }

  /** Counts a call from `client`, or throws 45011. */
  client(client: string): void {
    check(this.clients, client, 'calls from this client');
  }

  /** Counts a call for `appId`, or throws 45011. */
  app(appId: string): void {
    check(this.apps, appId, `calls for ${appId}`);
  }

  /** Counts a code redemption of (appId, user), or throws 45011. */
  login(appId: string, user: string): void {
    check(this.logins, `${appId}\0${user}`, "logins of this code's user");
  }
}

function check(counter: MinuteCounter, key: string, what: string): void {
  const refused = counter.take(key);
  if (refused) {
    throw new ApiError('minuteQuota', `more than ${counter.limit} ${what} in a minute`, {
      headers: { 'Retry-After': String(refused.retryAfter) },
    });
  }
}
