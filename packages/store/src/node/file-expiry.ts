/**
 * What a FileStore value file holds: the value's text, preceded by a header line when the value
 * expires. The header, `#wxbridge-store/1 expires=<ms since the epoch>\n`, starts with `#`, which no
 * JSON text does, so a header-less file (every file written before expiry existed, and every value
 * without one) is read as the value itself. A value that itself starts with `#wxbridge-store/` is
 * always written behind a header (`#wxbridge-store/1\n` when it never expires), so that it is never
 * taken for one.
 */
import { promises as fs } from 'node:fs';
import { isMissing, readText } from './file-folder';

const MAGIC = '#wxbridge-store/';
const HEADER = /^#wxbridge-store\/1(?: expires=(\d{1,16}))?\n/;
/** Enough bytes for any header. */
const HEADER_BYTES = 64;

export interface Stored {
  value: string;
  /** Milliseconds since the epoch from which the value reads as absent; absent: never. */
  expiresAt?: number;
}

/** The file text for `value`, expiring at `expiresAt` (ms since the epoch) or never. */
export function encodeStored(value: string, expiresAt?: number): string {
  if (expiresAt !== undefined) return `${MAGIC}1 expires=${Math.ceil(expiresAt)}\n${value}`;
  return value.startsWith(MAGIC) ? `${MAGIC}1\n${value}` : value;
}

/** A header at the start of `text`: its length and expiry; `undefined` for a header-less text. */
function headerOf(text: string, file: string): { length: number; expiresAt?: number } | undefined {
  if (!text.startsWith(MAGIC)) return undefined;
  const header = HEADER.exec(text);
  if (!header) throw new Error(`FileStore: ${file} starts with an unknown header (${JSON.stringify(text.slice(0, 40))}); was it written by a newer wxbridge?`);
  const length = header[0].length;
  return header[1] === undefined ? { length } : { length, expiresAt: Number(header[1]) };
}

/**
 * A value file's text as the value and its expiry. A file that starts like a header but is not one
 * this version writes is refused with an error naming `file`, rather than handed out as a value.
 */
export function decodeStored(text: string, file = 'a value file'): Stored {
  const header = headerOf(text, file);
  if (!header) return { value: text };
  const value = text.slice(header.length);
  return header.expiresAt === undefined ? { value } : { value, expiresAt: header.expiresAt };
}

/** Whether `stored` has expired at `now`. */
export function isExpired(stored: Pick<Stored, 'expiresAt'>, now: number): boolean {
  return stored.expiresAt !== undefined && now >= stored.expiresAt;
}

/** The value file at `path` decoded, or `undefined` when there is none. */
export async function readStored(path: string): Promise<Stored | undefined> {
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  return decodeStored(text, path);
}

/**
 * Only the expiry of the value file at `path` (its first bytes are read, not the whole value), or
 * `undefined` when there is no file.
 */
export async function readExpiry(path: string): Promise<Pick<Stored, 'expiresAt'> | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    const expiresAt = headerOf(buffer.subarray(0, bytesRead).toString('latin1'), path)?.expiresAt;
    return expiresAt === undefined ? {} : { expiresAt };
  } finally {
    await handle.close();
  }
}
