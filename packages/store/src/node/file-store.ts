/**
 * A Node store that keeps each key in its own file and writes atomically:
 * the new text goes to a temporary file, is flushed to disk (fsync), then
 * renamed over the old file, and the folder is flushed too. A process killed
 * at any moment leaves either the old value or the new one, never a torn
 * file; once `set` has resolved, the value survives a crash.
 *
 * Several processes may share one folder, and every operation is atomic across
 * them (a `SharedStore`): each one that changes a key runs under the key's lock
 * file (file-lock.ts), so `adjust`'s read-then-write and the removal of an
 * expired value never interleave with another process's write; `get` needs no
 * lock, as a file is only ever replaced whole. `take` also renames the key's file
 * to a name only the caller knows (of several renamers exactly one succeeds),
 * and `setIfAbsent` links its flushed temporary file to the key's name (which
 * fails if the name exists), so neither could hand out a value twice or
 * overwrite one even if a lock were wrongly broken.
 *
 * Expiry (`ttlMs`) is stored in the value's file (file-expiry.ts): an expired
 * value reads as absent for every operation, is removed by the call that finds it, and
 * a bounded sweep of the folder (file-sweep.ts) runs at most once a minute,
 * started by a write: no timer keeps the process alive.
 *
 * Private to its owner: the folder is made 0700 and every file (temporary ones
 * too) 0600, whatever the umask. An existing folder that other users can open
 * is tightened to 0700 (with a warning naming it); a folder owned by another
 * user, or that is not a folder, is refused. (On Windows, modes do not apply.)
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { KeyedQueue } from '../keyed-queue';
import { adjusted, checkAdjust, checkTtl, type AdjustOptions, type SetOptions, type SharedStore } from '../contract';
import { decodeStored, encodeStored, isExpired, readExpiry, readStored, type Stored } from './file-expiry';
import { isMissing, preparePrivateFolder, readText, removeFile, syncFolder, writeWhole } from './file-folder';
import { lock } from './file-lock';
import { LOCK_SUFFIX, TAKE_SUFFIX, fileName, temporaryPath } from './file-names';
import { removeIfExpired, removeLeftovers, sweepWindow } from './file-sweep';

export interface FileStoreOptions {
  /** Now, in milliseconds since the epoch, for expiry (default `Date.now`). */
  clock?: () => number;
  /**
   * How long a call waits for another process's lock on its key before it fails (default 10 000
   * ms). Locks are held for one read and one flushed write; a lock older than 5 s is broken.
   */
  lockTimeoutMs?: number;
}

/** A lock held longer than this is taken for a hung or dead holder's and broken. */
export const STALE_LOCK_MS = 5_000;
const DEFAULT_LOCK_TIMEOUT_MS = 10_000;
/** Writes start a sweep at most this often… */
export const SWEEP_INTERVAL_MS = 60_000;
/** …that looks at this many files of the folder at most. */
export const SWEEP_LIMIT = 256;

export class FileStore implements SharedStore {
  /** Values outlive the process: a `SessionService` over it needs a `secret`. */
  readonly persistent = true;
  private readonly ready: Promise<void>;
  /** Calls on one key, in order: a later set never lands before an earlier one. */
  private readonly queue = new KeyedQueue();
  private readonly clock: () => number;
  private readonly lockTimeoutMs: number;
  private lastSweep = -Infinity;
  /** Where the next sweep goes on from (a name in the folder). */
  private sweptUpTo = '';

  constructor(
    readonly folder: string,
    options: FileStoreOptions = {},
  ) {
    if (typeof folder !== 'string' || folder === '') throw new TypeError('FileStore: folder must be a non-empty path');
    if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError('FileStore: options.clock must be a function returning milliseconds');
    const timeout = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
      throw new TypeError(`FileStore: options.lockTimeoutMs must be a positive number of milliseconds, got ${String(timeout)}`);
    }
    this.clock = options.clock ?? Date.now;
    this.lockTimeoutMs = timeout;
    this.ready = preparePrivateFolder(folder).then(() => removeLeftovers(folder, STALE_LOCK_MS));
    // A folder that cannot be made fails every call; it must not also crash an idle process.
    this.ready.catch(() => {});
  }

  async get(key: string): Promise<string | undefined> {
    await this.ready;
    // Read your own writes: a get waits for this process's pending calls on the key.
    await this.queue.idle(key);
    const stored = await readStored(join(this.folder, fileName(key)));
    if (!stored) return undefined;
    if (!this.hasExpired(stored)) return stored.value;
    // Removed now, under the key's lock (which checks the expiry again); a removal that fails (the
    // lock held too long) is left to the next call or sweep, and the key is absent all the same.
    await this.locked(key, (_, name) => removeIfExpired(this.folder, name, this.clock())).catch(() => {});
    return undefined;
  }

  async set(key: string, value: string, options?: SetOptions): Promise<void> {
    checkTtl('FileStore.set', options);
    await this.writing(key, async (path) => {
      await writeWhole(this.folder, path, encodeStored(value, this.expiry(options)), 'replace');
    });
  }

  delete(key: string): Promise<void> {
    return this.locked(key, async (path) => {
      await removeFile(path);
      await syncFolder(this.folder);
    });
  }

  /**
   * Reads and removes a key; of several callers in any number of processes, exactly one gets the
   * value. A process killed between the rename and the read loses the value (it is never handed
   * out twice); the renamed leftover is removed like any stale temporary file.
   */
  take(key: string): Promise<string | undefined> {
    return this.locked(key, async (path) => {
      const taken = temporaryPath(path, TAKE_SUFFIX);
      try {
        await fs.rename(path, taken);
      } catch (error) {
        if (isMissing(error)) return undefined; // never set, or another caller took it first
        throw error;
      }
      try {
        const stored = decodeStored(await readText(taken), path);
        return this.hasExpired(stored) ? undefined : stored.value;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      } finally {
        await removeFile(taken);
        await syncFolder(this.folder);
      }
    });
  }

  /**
   * Writes the key only if it holds no live value; of several callers, exactly one gets `true`. A
   * key found live without the lock is answered `false` at once (as `get` reads, after this
   * process's pending calls on it): no lock file for what is mostly a record that exists already.
   */
  async setIfAbsent(key: string, value: string, options?: SetOptions): Promise<boolean> {
    checkTtl('FileStore.setIfAbsent', options);
    await this.ready;
    await this.queue.idle(key);
    const found = await readExpiry(join(this.folder, fileName(key)));
    if (found && !this.hasExpired(found)) return false;
    return this.writing(key, async (path) => {
      const current = await readExpiry(path);
      if (current && !this.hasExpired(current)) return false;
      if (current) await removeFile(path); // expired: gone, under the key's lock
      return writeWhole(this.folder, path, encodeStored(value, this.expiry(options)), 'create');
    });
  }

  /** Adds `delta` to the key's integer unless the result would be below `options.min` (see the contract). */
  async adjust(key: string, delta: number, options?: AdjustOptions): Promise<number | undefined> {
    checkAdjust('FileStore', delta, options);
    return this.writing(key, async (path) => {
      const current = await readStored(path);
      const live = current && !this.hasExpired(current) ? current : undefined;
      const next = adjusted('FileStore', live?.value, delta, options?.min);
      if (next === undefined) {
        if (current && !live) await removeFile(path);
        return undefined;
      }
      // Without ttlMs the key keeps the expiry it had (Redis INCRBY keeps the TTL too).
      const expiresAt = options?.ttlMs !== undefined ? this.expiry(options) : live?.expiresAt;
      await writeWhole(this.folder, path, encodeStored(String(next), expiresAt), 'replace');
      return next;
    });
  }

  private hasExpired(stored: Pick<Stored, 'expiresAt'>): boolean {
    return isExpired(stored, this.clock());
  }

  private expiry(options: SetOptions | undefined): number | undefined {
    return options?.ttlMs === undefined ? undefined : this.clock() + options.ttlMs;
  }

  /** Runs `task` on the key's file after this process's earlier calls on the key, holding the key's lock. */
  private locked<T>(key: string, task: (path: string, name: string) => Promise<T>): Promise<T> {
    const name = fileName(key);
    const path = join(this.folder, name);
    return this.queue.run(key, async () => {
      await this.ready;
      const what = `the key ${JSON.stringify(key.length > 80 ? key.slice(0, 80) + '…' : key)}`;
      const release = await lock(path + LOCK_SUFFIX, { timeoutMs: this.lockTimeoutMs, staleMs: STALE_LOCK_MS, what });
      try {
        return await task(path, name);
      } finally {
        await release();
      }
    });
  }

  /** `locked`, then the sweep if one is due: writes are what make expired files pile up. */
  private async writing<T>(key: string, task: (path: string) => Promise<T>): Promise<T> {
    const result = await this.locked(key, task);
    const now = this.clock();
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      this.sweptUpTo = await sweepWindow(this.folder, this.sweptUpTo, SWEEP_LIMIT, { now, staleLockMs: STALE_LOCK_MS });
    }
    return result;
  }
}
