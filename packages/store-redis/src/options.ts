/**
 * `createRedisStore`'s options and their checks: each wrong one is a `TypeError` naming it and what
 * was expected, before anything connects.
 */

export interface RedisStoreOptions {
  /**
   * Where Redis is: `redis://[[user]:password@]host[:port][/database]`, `rediss://…` for TLS. May
   * carry the prefix as a query parameter, `redis://host:6379/0?prefix=prod:`, so that one string
   * (e.g. `serve --store`) says everything.
   */
  url: string;
  /**
   * The deployment's key prefix, e.g. `prod:` or `staging:`: every key this store reads or writes is
   * this text followed by wxbridge's key. Required (here or in `url`), so two environments on one
   * Redis never share codes by accident. Every process of one deployment must use the same one.
   */
  prefix?: string;
  /**
   * Milliseconds a command may wait for Redis's answer (sent or not) before it fails. Default 2000.
   * A call that timed out may still have been applied (Redis was slow, not gone).
   */
  commandTimeoutMs?: number;
  /** Milliseconds each connection attempt may take; also the bound on the first connection of `createRedisStore`. Default 5000. */
  connectTimeoutMs?: number;
  /** The longest wait between two reconnection attempts (they start at 50 ms and double). Default 2000. */
  reconnectMaxDelayMs?: number;
  /**
   * Told of every connection error as it happens (a lost connection, each failed reconnection).
   * Calls fail meanwhile with a `RedisStoreError`, whoever listens. Default: nothing is printed.
   */
  onConnectionError?: (error: Error) => void;
}

export interface RedisStoreConfig {
  /** The URL without the `prefix` parameter: what the client connects to. */
  url: string;
  /** The URL as messages show it: no password. */
  where: string;
  prefix: string;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  reconnectMaxDelayMs: number;
  onConnectionError: ((error: Error) => void) | undefined;
}

const WHO = 'createRedisStore';

/** A positive integer number of milliseconds, or `fallback` when left out. */
function milliseconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${WHO}: ${name} must be a positive integer number of milliseconds, got ${String(value)}`);
  }
  return value;
}

/** `url` without its password, for messages and logs. */
export function describeUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1…@');
}

function parseUrl(value: unknown): URL {
  if (typeof value !== 'string' || !/^rediss?:\/\/./.test(value)) {
    throw new TypeError(`${WHO}: url must be a redis:// or rediss:// URL such as "redis://127.0.0.1:6379/0", got ${JSON.stringify(describeUrl(String(value)))}`);
  }
  try {
    return new URL(value);
  } catch {
    throw new TypeError(`${WHO}: url is not a valid URL: ${JSON.stringify(describeUrl(value))}`);
  }
}

function checkPrefix(prefix: unknown, from: string): string {
  if (typeof prefix !== 'string' || prefix.length === 0 || prefix.length > 200 || /[\u0000-\u001f\u007f]/.test(prefix)) {
    throw new TypeError(`${WHO}: ${from} must be a non-empty printable string of at most 200 characters, e.g. "prod:", got ${JSON.stringify(prefix)}`);
  }
  return prefix;
}

export function configOf(options: RedisStoreOptions): RedisStoreConfig {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${WHO}: options must be an object {url, prefix, …}`);
  const url = parseUrl(options.url);
  const inUrl = url.searchParams.get('prefix');
  url.searchParams.delete('prefix');
  let prefix: string;
  if (options.prefix !== undefined) prefix = checkPrefix(options.prefix, 'prefix');
  else if (inUrl !== null) prefix = checkPrefix(inUrl, 'the url\'s prefix parameter');
  else {
    throw new TypeError(`${WHO}: prefix is required: the deployment's key prefix, e.g. {prefix: "prod:"} or "redis://host:6379/0?prefix=prod:" (every key this store uses starts with it)`);
  }
  const onConnectionError = options.onConnectionError;
  if (onConnectionError !== undefined && typeof onConnectionError !== 'function') throw new TypeError(`${WHO}: onConnectionError must be a function`);
  const text = url.toString();
  return {
    url: text,
    where: describeUrl(text),
    prefix,
    commandTimeoutMs: milliseconds('commandTimeoutMs', options.commandTimeoutMs, 2000),
    connectTimeoutMs: milliseconds('connectTimeoutMs', options.connectTimeoutMs, 5000),
    reconnectMaxDelayMs: milliseconds('reconnectMaxDelayMs', options.reconnectMaxDelayMs, 2000),
    onConnectionError,
  };
}
