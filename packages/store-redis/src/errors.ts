/**
 * What a failed call says: a `RedisStoreError` naming Redis, where it is (without the password),
 * the operation and the key, and why, in words that say what to do. The server answers it with
 * `-1 system busy` and reports it to its `onError`; the host fails the mini program's call. One that
 * says Redis is out of reach (`unavailable`, `timeout`, `disconnected`) is also a store-unavailable
 * failure (`StoreUnavailableError.is(error)`), which the host answers `<api>:fail system busy, try
 * again later`; a refused command or a closed store is not.
 */
import { StoreUnavailableError } from '@wxbridge/store';

/** Why a call failed. */
export type RedisFailure =
  /** Not connected: Redis is down or unreachable, the store is reconnecting. Nothing was sent. */
  | 'unavailable'
  /** No answer within `commandTimeoutMs`: the operation may or may not have been applied. */
  | 'timeout'
  /** The connection broke while the command was in flight: it may or may not have been applied. */
  | 'disconnected'
  /** Redis answered with an error (e.g. `OOM` under `maxmemory`, `READONLY` on a replica). */
  | 'refused'
  /** `close()` was called. */
  | 'closed';

export class RedisStoreError extends Error {
  override readonly name = 'RedisStoreError';

  constructor(
    message: string,
    /** The store operation: `get`, `set`, `delete`, `take`, `setIfAbsent`, `adjust`. */
    readonly operation: string,
    /** The key, without the deployment prefix. */
    readonly key: string,
    readonly failure: RedisFailure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    if (OUT_OF_REACH.has(failure)) StoreUnavailableError.mark(this);
  }
}

/** The failures that mean Redis could not be reached or did not answer in time. */
const OUT_OF_REACH: ReadonlySet<RedisFailure> = new Set(['unavailable', 'timeout', 'disconnected']);

export interface FailureContext {
  operation: string;
  key: string;
  /** The URL without its password. */
  where: string;
  commandTimeoutMs: number;
  /** The last connection error seen, if any (why Redis is unreachable). */
  lastConnectionError: Error | undefined;
  closed: boolean;
}

/** Which failure a node-redis error is, by its class name (the package's classes are not all exported). */
function classify(error: unknown, closed: boolean): RedisFailure {
  const name = (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  if (closed) return 'closed';
  // ClientClosedError before close(): a store whose connect() was never called or gave up.
  if (name === 'ClientOfflineError' || name === 'ClientClosedError') return 'unavailable';
  if (name === 'TimeoutError' || name === 'TimeoutReadError' || name.includes('Timeout')) return 'timeout';
  if (name === 'SocketClosedUnexpectedlyError' || name === 'DisconnectsClientError' || name === 'AbortReadError') return 'disconnected';
  if (name === 'ErrorReply' || name === 'SimpleError' || name === 'BlobError') return 'refused';
  return 'disconnected';
}

function reasonOf(failure: RedisFailure, error: unknown, context: FailureContext): string {
  const last = context.lastConnectionError ? `; last connection error: ${context.lastConnectionError.message}` : '';
  switch (failure) {
    case 'closed':
      return 'the store was closed (close() was called)';
    case 'unavailable':
      return `Redis at ${context.where} is unavailable (reconnecting${last}); nothing was changed`;
    case 'timeout':
      return `Redis at ${context.where} did not answer within ${context.commandTimeoutMs} ms (commandTimeoutMs); the operation may or may not have been applied`;
    case 'disconnected':
      return `the connection to Redis at ${context.where} broke before its answer (${String((error as Error)?.message ?? error)}); the operation may or may not have been applied`;
    case 'refused':
      return `Redis at ${context.where} refused it: ${String((error as Error)?.message ?? error)}`;
  }
}

/** `error` (what node-redis threw for one call) as a `RedisStoreError`. */
export function storeError(error: unknown, context: FailureContext): RedisStoreError {
  const failure = classify(error, context.closed);
  const key = context.key.length > 120 ? `${context.key.slice(0, 120)}…` : context.key;
  return new RedisStoreError(
    `Redis store: ${context.operation} ${JSON.stringify(key)} failed: ${reasonOf(failure, error, context)}`,
    context.operation,
    context.key,
    failure,
    { cause: error },
  );
}
