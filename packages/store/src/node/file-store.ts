/**
 * A Node store that keeps each key in its own file and writes atomically:
 * the new text goes to a temporary file, is flushed to disk (fsync), then
 * renamed over the old file, and the folder is flushed too. A process killed
 * at any moment leaves either the old value or the new one, never a torn
 * file; once `set` has resolved, the value survives a crash.
 *
 * Several processes may share one folder. `take` is atomic across them: the
 * key's file is renamed to a name only the caller knows (of several renamers
 * exactly one succeeds), then read and removed.
 *
 * Private to its owner: the folder is made 0700 and every file (temporary ones
 * too) 0600, whatever the umask. An existing folder that other users can open
 * is tightened to 0700 (with a warning naming it); a folder owned by another
 * user, or that is not a folder, is refused. (On Windows, modes do not apply.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { KeyedQueue } from '../keyed-queue';
import type { KeyValueStore } from '../contract';

const TEMP_SUFFIX = '.tmp';
/** Only the owner may list, read or write the folder and its files. */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;
/** A key's file renamed by `take`, about to be read and removed. */
const TAKE_SUFFIX = '.take' + TEMP_SUFFIX;
/** A temporary file older than this is a crash's leftover. */
const STALE_TEMP_MS = 60_000;
/** Longer encodings are hashed, so that names (plus a temporary suffix) stay far below the usual 255-byte limit. */
const MAX_ENCODED_LENGTH = 100;

/**
 * The file that holds a key. Safe on every file system: only `[a-z0-9_.-]`, no separators, no
 * leading dot, no reserved device names, and no two keys that differ only in letter case (macOS
 * and Windows folders are case-insensitive). `[a-z0-9-]` are kept; every other UTF-8 byte becomes
 * `_` and two lowercase hex digits, which is reversible. Long keys become a SHA-256 digest under a
 * different prefix, so the two forms never meet.
 */
export function fileName(key: string): string {
  let encoded = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const isKept = (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d;
    encoded += isKept ? String.fromCharCode(byte) : '_' + byte.toString(16).padStart(2, '0');
    if (encoded.length > MAX_ENCODED_LENGTH) break;
  }
  if (encoded.length <= MAX_ENCODED_LENGTH) return 'k_' + encoded + '.json';
  return 'h_' + createHash('sha256').update(key, 'utf8').digest('hex') + '.json';
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function uniqueSuffix(): string {
  return `${process.pid}.${randomBytes(6).toString('hex')}`;
}

async function syncFolder(folder: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot open or fsync a folder; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * Makes the folder (0700) or checks the one there: a folder others can open is tightened to 0700,
 * with a warning; one owned by another user, or a file, is refused with an error naming it.
 */
async function preparePrivateFolder(folder: string): Promise<void> {
  await fs.mkdir(folder, { recursive: true, mode: FOLDER_MODE });
  const stat = await fs.stat(folder);
  if (!stat.isDirectory()) throw new Error(`FileStore: ${folder} is not a folder`);
  if (process.platform === 'win32') return;
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new Error(`FileStore: ${folder} belongs to another user (uid ${stat.uid}, this process runs as ${uid}); use a folder of your own`);
  }
  const mode = stat.mode & 0o777;
  if ((mode & 0o077) === 0) return;
  await fs.chmod(folder, FOLDER_MODE);
  process.emitWarning(
    `FileStore: ${folder} was open to other users (mode 0${mode.toString(8)}); it holds sessions and shared phone numbers, so it is now 0700`,
    { code: 'WXBRIDGE_FILESTORE_MODE' },
  );
}

export class FileStore implements KeyValueStore {
  /** Values outlive the process: a `SessionService` over it needs a `secret`. */
  readonly persistent = true;
  private readonly ready: Promise<void>;
  /** Writes to one key, in order: a later set never lands before an earlier one. */
  private readonly queue = new KeyedQueue();

  constructor(readonly folder: string) {
    this.ready = preparePrivateFolder(folder).then(() => this.removeTemporaryFiles());
    // A folder that cannot be made fails every call; it must not also crash an idle process.
    this.ready.catch(() => {});
  }

  async get(key: string): Promise<string | undefined> {
    await this.ready;
    // Read your own writes: a get waits for this process's pending writes to the key.
    await this.queue.idle(key);
    try {
      return await fs.readFile(join(this.folder, fileName(key)), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  set(key: string, value: string): Promise<void> {
    return this.enqueue(key, () => this.write(key, value));
  }

  delete(key: string): Promise<void> {
    return this.enqueue(key, async () => {
      await fs.rm(join(this.folder, fileName(key)), { force: true });
      await syncFolder(this.folder);
    });
  }

  /**
   * Reads and removes a key; of several callers in any number of processes, exactly one gets the
   * value. A process killed between the rename and the read loses the value (it is never handed
   * out twice); the renamed leftover is removed like any stale temporary file.
   */
  take(key: string): Promise<string | undefined> {
    return this.enqueue(key, async () => {
      const target = join(this.folder, fileName(key));
      const taken = `${target}.${uniqueSuffix()}${TAKE_SUFFIX}`;
      try {
        await fs.rename(target, taken);
      } catch (error) {
        if (isMissing(error)) return undefined; // never set, or another caller took it first
        throw error;
      }
      try {
        return await fs.readFile(taken, 'utf8');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      } finally {
        await fs.rm(taken, { force: true });
        await syncFolder(this.folder);
      }
    });
  }

  private enqueue<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(key, () => this.ready.then(task));
  }

  private async write(key: string, value: string): Promise<void> {
    const target = join(this.folder, fileName(key));
    const temp = `${target}.${uniqueSuffix()}${TEMP_SUFFIX}`;
    try {
      // 'wx': a fresh file, never one planted under the name; FILE_MODE from the start, not after.
      const handle = await fs.open(temp, 'wx', FILE_MODE);
      try {
        await handle.writeFile(value, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => {});
      throw error;
    }
    await syncFolder(this.folder);
  }

  /**
   * Leftovers of writes (or takes) cut short by a crash are never read. Old ones are removed;
   * recent ones may belong to another process sharing the folder and are left alone. A write's
   * temporary file is as old as its mtime. A take's renamed file keeps the mtime of the set that
   * wrote it, maybe long ago, so its age counts from the rename, which refreshes the ctime.
   */
  private async removeTemporaryFiles(): Promise<void> {
    const names = await fs.readdir(this.folder).catch(() => [] as string[]);
    const cutoff = Date.now() - STALE_TEMP_MS;
    await Promise.all(
      names
        .filter((name) => name.endsWith(TEMP_SUFFIX))
        .map(async (name) => {
          const path = join(this.folder, name);
          const stat = await fs.stat(path).catch(() => undefined);
          if (!stat) return;
          const changed = name.endsWith(TAKE_SUFFIX) ? Math.max(stat.mtimeMs, stat.ctimeMs) : stat.mtimeMs;
          if (changed < cutoff) await fs.rm(path, { force: true }).catch(() => {});
        }),
    );
  }
}
