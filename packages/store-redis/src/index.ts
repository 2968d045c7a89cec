/**
 * @wxbridge/store-redis: the shared store on Redis, for deployments with many host processes and
 * several open-platform servers. `createRedisStore({url, prefix})` gives a `SharedStore` that the
 * host's `SessionService` and `createServer` take like any other store.
 */
export { RedisStore, createRedisStore } from './redis-store';
export { RedisStoreError, type RedisFailure } from './errors';
export { describeUrl, type RedisStoreOptions } from './options';
