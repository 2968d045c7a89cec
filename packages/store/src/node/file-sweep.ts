/**
 * Housekeeping in a FileStore folder: what operations cut short by a crash leave behind (temporary
 * files, locks whose holder is gone, lock-breaking guards), and expired values. Everything at open;
 * then, now and then, a bounded window of the folder, so that no call pays for a large folder.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { isExpired, readExpiry } from './file-expiry';
import { removeFile, syncFolder } from './file-folder';
import { breakIfStale, tryLock } from './file-lock';
import { LOCK_SUFFIX, TAKE_SUFFIX, TEMP_SUFFIX, isBreakFile, isLockFile, isValueFile } from './file-names';

/** A temporary file older than this is a crash's leftover. */
export const STALE_TEMP_MS = 60_000;

export interface SweepOptions {
  /** Now, in milliseconds since the epoch, for expiry. */
  now: number;
  /** A lock older than this is broken (see file-lock.ts). */
  staleLockMs: number;
}

/**
 * Removes the value file `name` if it has expired at `now`. The caller holds the key's lock, so
 * no write to the key can land between the check and the removal.
 */
export async function removeIfExpired(folder: string, name: string, now: number): Promise<void> {
  const path = join(folder, name);
  const stored = await readExpiry(path);
  if (!stored || !isExpired(stored, now)) return;
  await removeFile(path);
  await syncFolder(folder);
}

/**
 * Leftovers of writes (or takes) cut short by a crash are never read. Old ones are removed;
 * recent ones may belong to another process sharing the folder and are left alone. A write's
 * temporary file is as old as its mtime. A take's renamed file keeps the mtime of the set that
 * wrote it, maybe long ago, so its age counts from the rename, which refreshes the ctime.
 */
async function removeIfStaleTemp(path: string, name: string): Promise<void> {
  const stat = await fs.stat(path).catch(() => undefined);
  if (!stat) return;
  const changed = name.endsWith(TAKE_SUFFIX) ? Math.max(stat.mtimeMs, stat.ctimeMs) : stat.mtimeMs;
  if (changed < Date.now() - STALE_TEMP_MS) await removeFile(path);
}

/** Tidies one name of the folder; values only with `options` (a sweep), leftovers always. */
async function tidy(folder: string, name: string, staleLockMs: number, options?: SweepOptions): Promise<void> {
  const path = join(folder, name);
  if (name.endsWith(TEMP_SUFFIX)) return removeIfStaleTemp(path, name);
  if (isLockFile(name)) return breakIfStale(path, staleLockMs);
  if (isBreakFile(name)) {
    const stat = await fs.stat(path).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > staleLockMs) await removeFile(path);
    return;
  }
  if (!options || !isValueFile(name)) return;
  const stored = await readExpiry(path);
  if (!stored || !isExpired(stored, options.now)) return;
  // A key busy in another call is left for next time; never wait here.
  const release = await tryLock(path + LOCK_SUFFIX);
  if (!release) return;
  try {
    await removeIfExpired(folder, name, options.now);
  } finally {
    await release();
  }
}

/** At open: every leftover in the folder (a folder that cannot be listed has none). */
export async function removeLeftovers(folder: string, staleLockMs: number): Promise<void> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  await Promise.all(names.map((name) => tidy(folder, name, staleLockMs).catch(() => {})));
}

/**
 * Expired values and leftovers among `limit` names of the folder, in name order from the first
 * after `after` (round to the start when the end is reached); returns the name to go on after next
 * time, so that successive sweeps go round the whole folder ('' once a sweep saw every name).
 */
export async function sweepWindow(folder: string, after: string, limit: number, options: SweepOptions): Promise<string> {
  const names = (await fs.readdir(folder).catch(() => [] as string[])).sort();
  const from = Math.max(0, names.findIndex((name) => name > after));
  const window = [...names.slice(from), ...names.slice(0, from)].slice(0, limit);
  for (const name of window) await tidy(folder, name, options.staleLockMs, options).catch(() => {});
  return window.length < names.length ? window[window.length - 1]! : '';
}
