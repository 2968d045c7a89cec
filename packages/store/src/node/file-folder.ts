/**
 * The FileStore's folder and how files reach it: a private folder (0700, files 0600, whatever the
 * umask), and values written whole or not at all (a temporary file, flushed, then renamed or linked
 * to its name, then the folder flushed).
 */
import { promises as fs } from 'node:fs';
import { temporaryPath } from './file-names';

/** Only the owner may list, read or write the folder and its files. */
export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The first read's size: every value, lock and header fits, so most files take one read. */
const FIRST_READ_BYTES = 4096;

/**
 * A file's UTF-8 text: open, read until a read comes back short (these files are only ever replaced
 * whole, never appended to), close. `fs.readFile` also stats the file first: one more trip to the
 * thread pool on every read of the store.
 */
export async function readText(path: string): Promise<string> {
  const handle = await fs.open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    for (let size = FIRST_READ_BYTES; ; size = Math.min(size * 2, 1 << 20)) {
      const buffer = Buffer.allocUnsafe(size);
      const { bytesRead } = await handle.read(buffer, 0, size, null);
      chunks.push(buffer.subarray(0, bytesRead));
      if (bytesRead < size) break;
    }
    return (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Removes a file, if it is there: one `unlink` (`fs.rm` with `force` first stats the path, a second
 * trip to the thread pool on every write of the store).
 */
export async function removeFile(path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

export async function syncFolder(folder: string): Promise<void> {
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
export async function preparePrivateFolder(folder: string): Promise<void> {
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

/**
 * Puts `text` at `target` whole or not at all: written to a fresh temporary file beside it, flushed
 * to disk, then renamed over it (`'replace'`) or linked to it (`'create'`: `false`, and nothing
 * changed, when `target` exists), then the folder flushed. The temporary file never outlives the call.
 */
export async function writeWhole(folder: string, target: string, text: string, how: 'replace' | 'create'): Promise<boolean> {
  const temp = temporaryPath(target);
  let renamed = false;
  try {
    // 'wx': a fresh file, never one planted under the name; FILE_MODE from the start, not after.
    const handle = await fs.open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (how === 'replace') {
      await fs.rename(temp, target);
      renamed = true;
    } else {
      try {
        await fs.link(temp, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    }
  } finally {
    // After a rename there is nothing left here; after a link (or a failure), the second name goes.
    if (!renamed) await removeFile(temp).catch(() => {});
  }
  await syncFolder(folder);
  return true;
}
