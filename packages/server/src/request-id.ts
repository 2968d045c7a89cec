/**
 * Every answer's request id: 12 random bytes as three groups of hex (`1a2b3c4d-5e6f7a8b-9c0d1e2f`,
 * the shape of WeChat's `rid`), what a developer quotes and an operator finds in `onError`'s reports.
 * Made here, never taken from the request, so a client cannot forge another request's id.
 */
import { randomBytes } from '@wxbridge/store/records';
import { toHex } from './crypto';

export function newRequestId(): string {
  const hex = toHex(randomBytes(12, '@wxbridge/server'));
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16)}`;
}
