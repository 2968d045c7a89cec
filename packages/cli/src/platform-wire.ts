/**
 * What the demo superapp's page and `wxbridge dev` say to each other over the superapp's own
 * origin (no Node and no DOM here: both sides import it). The page's host keeps its v2 login codes
 * and platform records in the dev command's FileStore through `POST /__wxbridge/store` (a remote
 * store), and reads the user's inbox with `GET /__wxbridge/outbox`. Both need the per-run token of
 * the page's config in the `x-wxbridge-token` header; the store takes only the keys the host
 * writes, and bodies of at most `MAX_STORE_BODY` bytes.
 */

export const STORE_PATH = '/__wxbridge/store';
export const OUTBOX_PATH = '/__wxbridge/outbox';
export const TOKEN_HEADER = 'x-wxbridge-token';

/** The largest request body the store endpoint reads. */
export const MAX_STORE_BODY = 64 * 1024;

/** The store's operations (the `KeyValueStore` contract). */
export const STORE_OPS = ['get', 'set', 'delete', 'take', 'setIfAbsent', 'adjust'] as const;
export type StoreOp = (typeof STORE_OPS)[number];

/**
 * The keys the host writes, and so the only ones the page may touch: login codes and sessions
 * (`SessionService`), known users, acceptances and SOTER keys (`sessions.platform`). Not the
 * server's own (access tokens, SOTER counters) nor the outbox (read through its endpoint).
 */
export const HOST_KEY_PREFIXES = ['wxbridge/sessions/v1/', 'wxbridge/users/v1/', 'wxbridge/subscriptions/v1/', 'wxbridge/soter/v1/key/'] as const;

/** What the superapp's page is told of the platform, in its config. */
export interface PagePlatform {
  /** The per-run token of the store and outbox endpoints. */
  token: string;
  /** The deployment secret the page's `SessionService` derives openids with (the data folder's). */
  secret: string;
  /** The signed-in user of the demo superapp. */
  user: string;
  /** The server's base URL, shown on the page. */
  server: string;
}

/** One store call: the operation, its key and its arguments. */
export interface StoreCall {
  op: StoreOp;
  key: string;
  value?: string;
  ttlMs?: number;
  delta?: number;
  min?: number;
}

/** The answer: the operation's result (`null` for undefined), or what was wrong. */
export type StoreAnswer = { result: string | number | boolean | null } | { error: string };
