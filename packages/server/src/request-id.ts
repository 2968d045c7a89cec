/**
 * Every answer's request id: 12 random bytes as three groups of hex (`1a2b3c4d-5e6f7a8b-9c0d1e2f`,
 * the shape of WeChat's `rid`), what a developer quotes and an operator finds in `onError`'s reports.
 * Made here, never taken from the request, so a client cannot forge another request's id. The
 * random bytes are drawn 4 KiB at a time (one `getRandomValues` call serves 341 ids).
 */
import { randomBytes } from '@wxbridge/store/records';
import { toHex } from './crypto';

const ID_BYTES = 12;
const POOL_BYTES = 4092; // a multiple of ID_BYTES, within getRandomValues' 65 536-byte limit
let pool = new Uint8Array(0);
let used = 0;

export function newRequestId(): string {
  if (used + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES, '@wxbridge/server');
    used = 0;
  }
  const hex = toHex(pool.subarray(used, (used += ID_BYTES)));
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16)}`;
}
