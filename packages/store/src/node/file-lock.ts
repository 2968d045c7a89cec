/**
 * Per-key locks between the processes sharing a FileStore folder. A lock is a file that holds
 * `<pid> <host> <token>`, created whole under its name only if that name is free (see `tryLock`);
 * its holder removes it when done. Waiters retry with a short, growing, jittered backoff up to a
 * timeout, then fail with an error naming the key's lock and its holder.
 *
 * A lock is stale when its holder is gone (same host, and no process with its pid, or this very
 * process and thread without the token among the locks it holds: a previous process with the same
 * pid) or when it is older than `staleMs`, whoever holds it. Breaking one is safe against other
 * breakers and against the holder: a breaker first takes `<lock>.break` (`'wx'`), re-reads the lock
 * under it, moves it aside and checks that what it moved is the stale lock it judged; had the lock
 * changed hands in between, it puts it back.
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { BREAK_SUFFIX, temporaryPath } from './file-names';
import { isMissing, readText, removeFile } from './file-folder';
import { StoreUnavailableError } from '../contract';

const FILE_MODE = 0o600;

export interface LockOptions {
  /** How long to wait for a held lock before failing. */
  timeoutMs: number;
  /** A lock older than this is broken, even if its holder lives. */
  staleMs: number;
  /** What the lock guards, for the error (e.g. `the key "a/b"`). */
  what?: string;
}

/** Removes the lock, if it is still the caller's. */
export type Release = () => Promise<void>;

/**
 * The tokens of the locks this thread holds, shared by every copy of this module loaded in it. A
 * token starts with the thread's id: another thread of this process has its own set, so its locks
 * are judged by age only.
 */
const THREAD = `t${threadId}.`;
const HELD: Set<string> = ((globalThis as Record<symbol, Set<string> | undefined>)[Symbol.for('wxbridge.fileStore.heldLocks')] ??= new Set());

interface Holder {
  /** The lock file's text, and what identifies this very file (inode, mtime, size). */
  text: string;
  identity: string;
  ageMs: number;
  pid?: number;
  host?: string;
  token?: string;
}

/** The lock at `path` as it is now, or `undefined` when there is none. */
async function inspect(path: string): Promise<Holder | undefined> {
  try {
    const stat = await fs.stat(path);
    const text = await fs.readFile(path, 'utf8');
    const holder: Holder = { text, identity: `${stat.ino}/${stat.mtimeMs}/${text}`, ageMs: Date.now() - stat.mtimeMs };
    const match = /^(\d+) (\S+) (\S+)\n$/.exec(text);
    if (match) Object.assign(holder, { pid: Number(match[1]), host: match[2], token: match[3] });
    return holder;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** Whether `holder` may be broken (an unreadable lock, not written by this code, is stale by age only). */
function isStale(holder: Holder, staleMs: number): boolean {
  if (holder.ageMs > staleMs) return true;
  if (holder.pid === undefined || holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return holder.token!.startsWith(THREAD) && !HELD.has(holder.token!);
  return !isAlive(holder.pid);
}

/**
 * Removes the lock at `path` if it is still the stale one `seen`. `false` when another process is
 * breaking it (its guard is there): wait before trying again; `true` otherwise (broken, or changed).
 */
async function breakStale(path: string, seen: Holder, staleMs: number): Promise<boolean> {
  const guard = path + BREAK_SUFFIX;
  try {
    await (await fs.open(guard, 'wx', FILE_MODE)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A breaker that died holding the guard leaves it behind; its age shows.
    const stat = await fs.stat(guard).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > staleMs) await removeFile(guard);
    return false;
  }
  try {
    const now = await inspect(path);
    if (now?.identity !== seen.identity || !isStale(now, staleMs)) return true;
    const aside = temporaryPath(path);
    try {
      await fs.rename(path, aside);
    } catch (error) {
      if (isMissing(error)) return true;
      throw error;
    }
    const moved = await inspect(aside);
    // Its holder released it and another process took it in between: put that one back.
    if (moved && moved.identity !== seen.identity) await fs.link(aside, path).catch(() => {});
    await removeFile(aside);
    return true;
  } finally {
    await removeFile(guard);
  }
}

/** Who holds a lock, for an error: `process 42 on myhost (its lock is 1200 ms old)`. */
function describe(holder: Holder): string {
  const age = `${Math.round(holder.ageMs)} ms old`;
  if (holder.pid === undefined) return `an unreadable lock (${JSON.stringify(holder.text.slice(0, 40))}, ${age})`;
  return `process ${holder.pid} on ${holder.host} (its lock is ${age})`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One attempt at the lock: its release, or `undefined` when it is held (stale or not). The lock
 * appears whole: its text goes to a temporary file first, which is then linked to the lock's name
 * (like `open(…, 'wx')`, of several linkers exactly one succeeds), so a holder killed at any moment
 * leaves a lock that names it, or none.
 */
export async function tryLock(path: string): Promise<Release | undefined> {
  const token = THREAD + randomBytes(12).toString('base64url');
  const text = `${process.pid} ${hostname()} ${token}\n`;
  const temp = temporaryPath(path);
  HELD.add(token);
  try {
    await fs.writeFile(temp, text, { flag: 'wx', mode: FILE_MODE });
    await fs.link(temp, path);
  } catch (error) {
    HELD.delete(token);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    await removeFile(temp);
  }
  return async () => {
    try {
      // Not if it was broken meanwhile (held past staleMs) and is now another's.
      if ((await readText(path).catch(() => undefined)) === text) await removeFile(path);
    } finally {
      HELD.delete(token);
    }
  };
}

/** Takes the lock at `path`, waiting for its holder, breaking it if stale; fails after `timeoutMs`. */
export async function lock(path: string, options: LockOptions): Promise<Release> {
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const release = await tryLock(path);
    if (release) return release;
    const holder = await inspect(path);
    if (!holder) continue; // released in between
    if (isStale(holder, options.staleMs) && (await breakStale(path, holder, options.staleMs))) continue;
    if (Date.now() >= deadline) {
      throw new StoreUnavailableError(
        `FileStore: gave up on ${options.what ?? path} after ${options.timeoutMs} ms: it stayed locked by ${describe(holder)}; lock file ${path}`,
      );
    }
    await sleep(Math.min(20, 1 + attempt) * (0.5 + Math.random()));
  }
}

/** Breaks the lock at `path` if it is stale (housekeeping: a crashed holder's lock left behind). */
export async function breakIfStale(path: string, staleMs: number): Promise<void> {
  const holder = await inspect(path);
  if (holder && isStale(holder, staleMs)) await breakStale(path, holder, staleMs);
}
