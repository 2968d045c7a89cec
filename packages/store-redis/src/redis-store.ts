/**
 * The shared store on Redis: every operation of the store contract as one Redis command (or one
 * Lua script), so each is atomic across every process and machine using the same Redis and prefix.
 *
 * | Operation | Redis |
 * | --- | --- |
 * | `get` | `GET` |
 * | `set(…, {ttlMs})` | `SET key value [PX ttl]` (without `ttlMs` the key becomes permanent) |
 * | `delete` | `DEL` |
 * | `take` | `GETDEL`: of several callers, exactly one gets the value |
 * | `setIfAbsent(…, {ttlMs})` | `SET key value NX [PX ttl]` |
 * | `adjust(…, {min, ttlMs})` | a Lua script (`adjust-script.ts`): read, check the floor, `SET … KEEPTTL` or `PX` |
 * | `takeAfter(key, writes)` | a Lua script (`take-after-script.ts`): each write's `SET [NX] [PX]`, then `GETDEL` |
 *
 * Expiry is Redis's own (`PX`), so nothing sweeps. Every key is the deployment prefix followed by
 * wxbridge's key. Outages: commands are never queued while the connection is down (they fail at
 * once), each waits at most `commandTimeoutMs` for its answer, and the client reconnects with a
 * backoff, so a call during an outage rejects with a `RedisStoreError` (never hangs) and calls
 * succeed again as soon as Redis is back.
 */
import { createClient } from 'redis';
import { checkAdjust, checkTtl, checkWrites, type AdjustOptions, type SetOptions, type SharedStore, type StoreWrite } from '@wxbridge/store';
import { ADJUST_SCRIPT, ADJUST_SHA1, adjustReply } from './adjust-script';
import { RedisStoreError, storeError } from './errors';
import { msArg } from './milliseconds';
import { TAKE_AFTER_SCRIPT, TAKE_AFTER_SHA1, takeAfterArgs } from './take-after-script';
import { configOf, type RedisStoreConfig, type RedisStoreOptions } from './options';

type Client = ReturnType<typeof createClient>;

const WHO = 'RedisStore';
/** The first reconnection waits this long, then twice as long each time, up to `reconnectMaxDelayMs`. */
const FIRST_RETRY_MS = 50;

/** The `PX` argument for `ttlMs` (Redis takes whole milliseconds: a fraction rounds up). */
const px = (options: SetOptions | undefined) => (options?.ttlMs === undefined ? [] : ['PX', msArg(options.ttlMs)]);

/** A bulk-string reply as the value, nil as `undefined`. */
const textOf = (reply: unknown) => (reply === null ? undefined : (reply as string));

export class RedisStore implements SharedStore {
  /** What is stored outlives every process (Redis keeps it; with AOF, across Redis restarts). */
  readonly persistent = true;
  /** The deployment's key prefix. */
  readonly prefix: string;
  private readonly config: RedisStoreConfig;
  private readonly client: Client;
  private lastConnectionError: Error | undefined;
  private closed = false;

  /** Use `createRedisStore`, which waits for the first connection; calls before it fail as during an outage. */
  constructor(options: RedisStoreOptions) {
    this.config = configOf(options);
    this.prefix = this.config.prefix;
    const { url, commandTimeoutMs, connectTimeoutMs, reconnectMaxDelayMs } = this.config;
    this.client = createClient({
      url,
      disableOfflineQueue: true,
      commandOptions: { timeout: commandTimeoutMs, rejectInFlight: true },
      socket: {
        connectTimeout: connectTimeoutMs,
        reconnectStrategy: (retries: number) => Math.min(FIRST_RETRY_MS * 2 ** Math.min(retries, 16), reconnectMaxDelayMs),
      },
    });
    this.client.on('error', (error: Error) => {
      this.lastConnectionError = error;
      try {
        this.config.onConnectionError?.(error);
      } catch {
        // A listener that throws must not take the connection (or the process) down.
      }
    });
    this.client.on('ready', () => (this.lastConnectionError = undefined));
  }

  /** Whether the connection is up (calls are sent) right now. */
  get connected(): boolean {
    return this.client.isReady;
  }

  /** Connects; rejects, closing the store, when the first connection takes longer than `connectTimeoutMs`. */
  async connect(): Promise<this> {
    const { connectTimeoutMs, where } = this.config;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connecting = this.client.connect();
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const last = this.lastConnectionError ? `: ${this.lastConnectionError.message}` : '';
        reject(new Error(`createRedisStore: could not connect to Redis at ${where} within ${connectTimeoutMs} ms (connectTimeoutMs)${last}`));
      }, connectTimeoutMs);
    });
    try {
      await Promise.race([connecting, late]);
      return this;
    } catch (error) {
      connecting.catch(() => {});
      this.closed = true;
      this.client.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async get(key: string): Promise<string | undefined> {
    return textOf(await this.send('get', key, ['GET']));
  }

  async set(key: string, value: string, options?: SetOptions): Promise<void> {
    checkTtl(`${WHO}.set`, options);
    await this.send('set', key, ['SET'], [value, ...px(options)]);
  }

  async delete(key: string): Promise<void> {
    await this.send('delete', key, ['DEL']);
  }

  async take(key: string): Promise<string | undefined> {
    return textOf(await this.send('take', key, ['GETDEL']));
  }

  async setIfAbsent(key: string, value: string, options?: SetOptions): Promise<boolean> {
    checkTtl(`${WHO}.setIfAbsent`, options);
    return (await this.send('setIfAbsent', key, ['SET'], [value, 'NX', ...px(options)])) === 'OK';
  }

  async adjust(key: string, delta: number, options?: AdjustOptions): Promise<number | undefined> {
    checkAdjust(WHO, delta, options);
    const args = [String(delta), options?.min === undefined ? '' : String(options.min), msArg(options?.ttlMs)];
    return adjustReply(await this.script('adjust', key, ADJUST_SCRIPT, ADJUST_SHA1, [this.prefix + key], args), WHO);
  }

  async takeAfter(key: string, writes: readonly StoreWrite[]): Promise<string | undefined> {
    checkWrites(WHO, writes);
    const keys = [this.prefix + key];
    for (const write of writes) keys.push(this.prefix + write.key);
    return textOf(await this.script('takeAfter', key, TAKE_AFTER_SCRIPT, TAKE_AFTER_SHA1, keys, takeAfterArgs(writes)));
  }

  /** Ends the connection (waiting for the calls in flight when connected). Calls after it reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.client.isOpen) return;
    if (!this.client.isReady) return this.client.destroy();
    await this.client.close().catch(() => this.client.destroy());
  }

  /** Sends `command`, the prefixed key, then `rest`; a failure becomes a `RedisStoreError`. */
  private send(operation: string, key: string, command: string[], rest: string[] = []): Promise<unknown> {
    return this.sendArgs(operation, key, [...command, this.prefix + key, ...rest]);
  }

  /**
   * Runs a Lua script by its SHA-1 (`EVALSHA`); Redis forgets scripts when it restarts, so on
   * `NOSCRIPT` it sends the script itself once (`EVAL`). `keys` are prefixed already.
   */
  private async script(operation: string, key: string, text: string, sha1: string, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.sendArgs(operation, key, ['EVALSHA', sha1, String(keys.length), ...keys, ...args]);
    } catch (error) {
      if (!(error instanceof RedisStoreError) || !/^NOSCRIPT/.test(String((error.cause as Error)?.message))) throw error;
      return this.sendArgs(operation, key, ['EVAL', text, String(keys.length), ...keys, ...args]);
    }
  }

  /** Sends a whole command; a failure becomes a `RedisStoreError` naming `operation` and `key`. */
  private async sendArgs(operation: string, key: string, args: string[]): Promise<unknown> {
    try {
      if (this.closed) throw new Error('closed');
      return await this.client.sendCommand(args);
    } catch (error) {
      throw storeError(error, {
        operation,
        key,
        where: this.config.where,
        commandTimeoutMs: this.config.commandTimeoutMs,
        lastConnectionError: this.lastConnectionError,
        closed: this.closed,
      });
    }
  }
}

/**
 * A Redis store, connected: resolves once the first connection is made, or rejects naming Redis
 * and why (after `connectTimeoutMs`). A bad option is a `TypeError` naming it.
 *
 *   const store = await createRedisStore({ url: 'redis://127.0.0.1:6379/0', prefix: 'prod:' });
 */
export function createRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  let store: RedisStore;
  try {
    store = new RedisStore(options);
  } catch (error) {
    return Promise.reject(error);
  }
  return store.connect();
}
