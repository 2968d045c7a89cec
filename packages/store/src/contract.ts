/**
 * The store contract: where wxbridge keeps what must outlive a call (consent decisions, login codes
 * and sessions, subscription acceptances, SOTER keys, the server's tokens). A small key-value
 * contract that anything can back (memory, `localStorage`, files, Redis, a database), designed so
 * that a store shared by many processes can implement every operation atomically. Values are JSON
 * text; keys are printable strings under a `wxbridge/` prefix.
 *
 * The host needs `get`, `set` and `delete`; the server (`@wxbridge/server`) needs a `SharedStore`:
 * every operation, each atomic across all the processes sharing the store.
 */

export interface SetOptions {
  /**
   * Milliseconds after which the key expires (Redis `PX`): from then on every operation treats it as
   * absent. A `SharedStore` honours it (MemoryStore and FileStore do; the conformance suite checks
   * it); a basic `KeyValueStore` (the Web Storage one) may ignore it, so records that must expire
   * also carry their own time. Writing a key without `ttlMs` (`set`, `setIfAbsent`) makes it
   * permanent; `adjust` without `ttlMs` keeps the expiry the key had (Redis `INCRBY`).
   */
  ttlMs?: number;
}

export interface AdjustOptions extends SetOptions {
  /** The lowest value the key may reach: an adjustment that would go below it changes nothing. */
  min?: number;
}

/** One write of `takeAfter`: `set`, or `setIfAbsent` with `ifAbsent`. */
export interface StoreWrite extends SetOptions {
  key: string;
  value: string;
  /** Write only if the key holds no live value (`setIfAbsent`). */
  ifAbsent?: boolean;
}

export interface KeyValueStore {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, value: string, options?: SetOptions): Promise<void> | void;
  delete(key: string): Promise<void> | void;
  /**
   * Reads and removes a key in one atomic step: of several callers (several processes sharing the
   * store), exactly one gets the value. Single-use login codes need it; a store without it falls
   * back to get-then-delete, which is only safe within one process.
   */
  take?(key: string): Promise<string | undefined> | string | undefined;
  /**
   * Sets the key only if it does not exist, in one atomic step (Redis `SET NX`): of several callers,
   * exactly one gets `true`.
   */
  setIfAbsent?(key: string, value: string, options?: SetOptions): Promise<boolean> | boolean;
  /**
   * Adds `delta` to the integer the key holds (an absent key holds 0) in one atomic step, and
   * returns the new value; when the result would be below `options.min`, changes nothing and
   * returns `undefined`. What consumes a one-time acceptance: `adjust(key, -1, {min: 0})`. The key
   * then holds the decimal text of the integer; text that is not a safe integer counts as 0.
   */
  adjust?(key: string, delta: number, options?: AdjustOptions): Promise<number | undefined> | number | undefined;
  /**
   * Applies `writes`, then takes `key` as `take` does, in one atomic step and one round trip
   * (Redis: one script). What redeeming a single-use code needs: its tombstone and records are in
   * place before the code is gone, and a failed write leaves the code where it was. Optional: a
   * store without it gets `takeAfterWrites`' fallback (the writes, then `take`: the same order, in
   * more round trips).
   */
  takeAfter?(key: string, writes: readonly StoreWrite[]): Promise<string | undefined> | string | undefined;
  /**
   * Whether what is stored outlives the process (files, `localStorage`, a database). A
   * `SessionService` over a persistent store needs a fixed `secret`: with the default random one,
   * the same user would get a different openid after every restart.
   */
  readonly persistent?: boolean;
}

const UNAVAILABLE = Symbol.for('wxbridge.StoreUnavailableError');

/**
 * A store operation failed because the store cannot be reached or did not answer in time (Redis
 * down, unreachable or hung; a FileStore key that stayed locked): nothing is wrong with the call,
 * and the same call may succeed a moment later. The host answers a mini program's call that meets
 * one with `<api>:fail system busy, try again later` (and still reports it to its `error` event);
 * the open-platform server answers `-1 system busy`.
 *
 * A store throws it, or marks its own error class's instances with `StoreUnavailableError.mark`
 * (the Redis store's `RedisStoreError` for its unavailable, timeout and disconnected failures);
 * `StoreUnavailableError.is` recognises both, from any copy of this package (ESM and CJS builds,
 * two bundles), which `instanceof` would not.
 */
export class StoreUnavailableError extends Error {
  /** Whether `value` is a store-unavailable failure: this class's, or an error `mark` was given. */
  static is(value: unknown): value is Error {
    return typeof value === 'object' && value !== null && (value as { [UNAVAILABLE]?: unknown })[UNAVAILABLE] === true;
  }

  /** Marks `error` (a store's own error) as a store-unavailable failure; returns it. */
  static mark<E extends Error>(error: E): E {
    Object.defineProperty(error, UNAVAILABLE, { value: true, enumerable: false });
    return error;
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
    StoreUnavailableError.mark(this);
  }
}

/** A store many processes can share: every operation present, each atomic across them. */
export type SharedStore = KeyValueStore & Required<Pick<KeyValueStore, 'take' | 'setIfAbsent' | 'adjust'>>;

/** The operations a `SharedStore` adds to the basic three. */
export const SHARED_OPERATIONS = ['take', 'setIfAbsent', 'adjust'] as const;

/**
 * `store` as a `SharedStore`, or a `TypeError` naming what it lacks (`who` names the caller, e.g.
 * `createServer: store`).
 */
export function requireShared(store: KeyValueStore, who: string): SharedStore {
  if (typeof store !== 'object' || store === null) throw new TypeError(`${who} must be a store (MemoryStore, FileStore, a Redis store…)`);
  for (const op of ['get', 'set', 'delete', ...SHARED_OPERATIONS] as const) {
    if (typeof store[op] !== 'function') {
      throw new TypeError(`${who} must implement ${op}() atomically (a shared store: MemoryStore, FileStore, a Redis store…)`);
    }
  }
  return store as SharedStore;
}

/** `store.take(key)`, or get-then-delete for a store without it (safe within one process only). */
export async function takeKey(store: KeyValueStore, key: string): Promise<string | undefined> {
  if (store.take) return store.take(key);
  const value = await store.get(key);
  if (value !== undefined) await store.delete(key);
  return value;
}

/** Checks `takeAfter`'s writes: a list of `{key, value, ttlMs?, ifAbsent?}` with string keys and values. */
export function checkWrites(who: string, writes: readonly StoreWrite[]): void {
  if (!Array.isArray(writes)) throw new TypeError(`${who}.takeAfter: writes must be a list of {key, value, ttlMs?, ifAbsent?}`);
  for (const write of writes) {
    if (typeof write?.key !== 'string' || typeof write.value !== 'string') {
      throw new TypeError(`${who}.takeAfter: each write must have a string key and a string value`);
    }
    checkTtl(`${who}.takeAfter`, write);
  }
}

/**
 * `store.takeAfter(key, writes)`, or for a store without it: the writes (at once), then `take`
 * (`takeKey`). Either way every write is in place before `key` is gone, and a write that fails
 * leaves `key` untaken.
 */
export async function takeAfterWrites(store: KeyValueStore, key: string, writes: readonly StoreWrite[]): Promise<string | undefined> {
  if (store.takeAfter) return store.takeAfter(key, writes);
  checkWrites('takeAfterWrites', writes);
  const options = (write: StoreWrite) => (write.ttlMs === undefined ? undefined : { ttlMs: write.ttlMs });
  await Promise.all(
    writes.map(async (write) => {
      if (!write.ifAbsent) return store.set(write.key, write.value, options(write));
      if (!store.setIfAbsent) throw new TypeError('takeAfterWrites: a write with ifAbsent needs a store with setIfAbsent');
      await store.setIfAbsent(write.key, write.value, options(write));
    }),
  );
  return takeKey(store, key);
}

/** `store.adjust(…)`, or read-then-write for a store without it (safe within one process only). */
export async function adjustKey(store: KeyValueStore, key: string, delta: number, options: AdjustOptions = {}): Promise<number | undefined> {
  if (store.adjust) return store.adjust(key, delta, options);
  checkAdjust('adjustKey', delta, options);
  const next = adjusted('adjustKey', await store.get(key), delta, options.min);
  if (next === undefined) return undefined;
  await store.set(key, String(next), options.ttlMs === undefined ? undefined : { ttlMs: options.ttlMs });
  return next;
}

/** The integer a key holds: absent or unreadable text counts as 0. */
export function integerOf(text: string | undefined): number {
  const value = text === undefined ? 0 : Number(text);
  return Number.isSafeInteger(value) ? value : 0;
}

/** Checks `adjust`'s arguments: a safe integer delta, an optional safe integer floor. */
export function checkAdjust(who: string, delta: number, options: AdjustOptions | undefined): void {
  if (!Number.isSafeInteger(delta)) throw new TypeError(`${who}.adjust: delta must be a safe integer, got ${String(delta)}`);
  if (options?.min !== undefined && !Number.isSafeInteger(options.min)) {
    throw new TypeError(`${who}.adjust: min must be a safe integer, got ${String(options.min)}`);
  }
  checkTtl(`${who}.adjust`, options);
}

/**
 * What `adjust` computes: the integer `current` holds plus `delta`, or `undefined` when that is
 * below `min`. A sum past the safe integers is a `RangeError` (Redis refuses an overflow too).
 */
export function adjusted(who: string, current: string | undefined, delta: number, min: number | undefined): number | undefined {
  const next = integerOf(current) + delta;
  if (!Number.isSafeInteger(next)) throw new RangeError(`${who}.adjust: the result ${next} is past the safe integers`);
  return min !== undefined && next < min ? undefined : next;
}

/** Checks a `ttlMs` option: absent, or a positive finite number. */
export function checkTtl(who: string, options: SetOptions | undefined): void {
  const ttl = options?.ttlMs;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0)) {
    throw new TypeError(`${who}: ttlMs must be a positive finite number of milliseconds, got ${String(ttl)}`);
  }
}
