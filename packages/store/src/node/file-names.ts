/**
 * The names of a FileStore's files: one value file per key (`k_….json` or `h_….json`), its lock
 * (`….json.lock`, while an operation on the key runs), and temporary files (`….tmp`: a write in
 * progress, a value being taken, a lock moved aside while it is broken).
 */
import { createHash, randomBytes } from 'node:crypto';

/** Every temporary file's name ends so; one older than a minute is a crash's leftover. */
export const TEMP_SUFFIX = '.tmp';
/** A key's file renamed by `take`, about to be read and removed. */
export const TAKE_SUFFIX = '.take' + TEMP_SUFFIX;
/** A value file's lock: `<value file>.lock`. */
export const LOCK_SUFFIX = '.lock';
/** Held while a stale lock is broken: `<lock>.break`. */
export const BREAK_SUFFIX = '.break';
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

/** Whether a name in the folder is a key's value file (not a lock, not a temporary file, not a stranger's). */
export function isValueFile(name: string): boolean {
  return /^k_[a-z0-9_-]*\.json$/.test(name) || /^h_[0-9a-f]{64}\.json$/.test(name);
}

/** Whether a name is a value file's lock. */
export function isLockFile(name: string): boolean {
  return name.endsWith(LOCK_SUFFIX) && isValueFile(name.slice(0, -LOCK_SUFFIX.length));
}

/** Whether a name is a lock's breaking guard. */
export function isBreakFile(name: string): boolean {
  return name.endsWith(BREAK_SUFFIX) && isLockFile(name.slice(0, -BREAK_SUFFIX.length));
}

/** A name no other writer uses: this process's id and 48 random bits. */
export function uniqueSuffix(): string {
  return `${process.pid}.${randomBytes(6).toString('hex')}`;
}

/** A fresh temporary path beside `path`, ending in `suffix` (a `TEMP_SUFFIX` one). */
export function temporaryPath(path: string, suffix: string = TEMP_SUFFIX): string {
  return `${path}.${uniqueSuffix()}${suffix}`;
}
