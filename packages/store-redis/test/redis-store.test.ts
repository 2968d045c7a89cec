/**
 * The Redis store's own behaviour, against a real redis-server: its options and their errors, the
 * deployment prefix (looked at with a plain Redis client), Redis's own expiry, `takeAfter`'s script,
 * the first connection and close().
 */
import { createClient } from 'redis';
import { StoreUnavailableError } from '@wxbridge/store';
import { RedisStore, RedisStoreError, createRedisStore, describeUrl } from '@wxbridge/store-redis';
import { startRedisServer, type RedisServer } from '../../tooling/test-support/redis-server';

let redis: RedisServer;
let raw: ReturnType<typeof createClient>;
const stores: RedisStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  raw = createClient({ url: redis.url });
  await raw.connect();
});
afterAll(async () => {
  await raw?.close();
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

const open = async (prefix: string, extra: object = {}) => {
  const store = await createRedisStore({ url: redis.url, prefix, ...extra });
  stores.push(store);
  return store;
};

describe('options', () => {
  test.each<[string, object, RegExp]>([
    ['no url', { prefix: 'p:' }, /url must be a redis:\/\/ or rediss:\/\/ URL/],
    ['an http url', { url: 'http://127.0.0.1:6379', prefix: 'p:' }, /url must be a redis:\/\/ or rediss:\/\/ URL .*"http:\/\/127\.0\.0\.1:6379"/],
    ['no prefix', { url: 'redis://127.0.0.1:6379' }, /prefix is required: the deployment's key prefix, e\.g\. \{prefix: "prod:"\}/],
    ['an empty prefix', { url: 'redis://127.0.0.1:6379', prefix: '' }, /prefix must be a non-empty printable string/],
    ['a prefix with a newline', { url: 'redis://127.0.0.1:6379', prefix: 'a\nb' }, /prefix must be a non-empty printable string/],
    ['an empty prefix in the url', { url: 'redis://127.0.0.1:6379?prefix=' }, /the url's prefix parameter must be a non-empty printable string/],
    ['a fractional commandTimeoutMs', { url: 'redis://h', prefix: 'p:', commandTimeoutMs: 1.5 }, /commandTimeoutMs must be a positive integer number of milliseconds, got 1\.5/],
    ['a zero connectTimeoutMs', { url: 'redis://h', prefix: 'p:', connectTimeoutMs: 0 }, /connectTimeoutMs must be a positive integer number of milliseconds, got 0/],
    ['a text reconnectMaxDelayMs', { url: 'redis://h', prefix: 'p:', reconnectMaxDelayMs: '9' }, /reconnectMaxDelayMs must be a positive integer/],
    ['an onConnectionError that is not a function', { url: 'redis://h', prefix: 'p:', onConnectionError: 'log' }, /onConnectionError must be a function/],
  ])('%s is a TypeError naming it', async (_, options, message) => {
    await expect(createRedisStore(options as never)).rejects.toThrow(TypeError);
    await expect(createRedisStore(options as never)).rejects.toThrow(message);
  });

  test('a password never shows in an error', async () => {
    expect(describeUrl('redis://user:s3cret@db.internal:6379/2')).toBe('redis://…@db.internal:6379/2');
    const failing = createRedisStore({ url: 'http://user:s3cret@h', prefix: 'p:' });
    await expect(failing).rejects.toThrow(/…@h/);
    await expect(failing).rejects.not.toThrow(/s3cret/);
  });
});

describe('the deployment prefix', () => {
  test('every key is the prefix followed by wxbridge\'s key; two prefixes on one Redis never meet', async () => {
    const prod = await open('prod:');
    const staging = await open('staging:');
    await prod.set('wxbridge/sessions/v1/code/abc', '{"who":"prod"}');
    await staging.set('wxbridge/sessions/v1/code/abc', '{"who":"staging"}');
    await prod.adjust('wxbridge/counter', 5);
    expect(await raw.get('prod:wxbridge/sessions/v1/code/abc')).toBe('{"who":"prod"}');
    expect(await raw.get('staging:wxbridge/sessions/v1/code/abc')).toBe('{"who":"staging"}');
    expect(await raw.get('prod:wxbridge/counter')).toBe('5');
    expect(await staging.take('wxbridge/sessions/v1/code/abc')).toBe('{"who":"staging"}');
    expect(await prod.get('wxbridge/sessions/v1/code/abc')).toBe('{"who":"prod"}');
    expect(await staging.adjust('wxbridge/counter', -1, { min: 0 })).toBeUndefined();
    expect((await raw.keys('*')).filter((key) => !key.startsWith('prod:') && !key.startsWith('staging:') && !key.startsWith('url:'))).toEqual([]);
  });

  test('the prefix may come in the url (?prefix=), and the option wins over it', async () => {
    const fromUrl = await createRedisStore({ url: `${redis.url}/0?prefix=url:` });
    stores.push(fromUrl);
    expect(fromUrl.prefix).toBe('url:');
    await fromUrl.set('k', 'v');
    expect(await raw.get('url:k')).toBe('v');
    const overridden = await open('prod:', { url: `${redis.url}?prefix=url:` });
    expect(overridden.prefix).toBe('prod:');
  });

  test('a Redis user confined to its prefix\'s keys and the commands the store sends (GET, SET, DEL, GETDEL, EVAL, EVALSHA, PING) can do everything, and nothing under another prefix', async () => {
    // The ACL docs/deployment.md recommends for each environment.
    await raw.sendCommand(['ACL', 'SETUSER', 'wxprod', 'on', '>prod-password', '~prod:*', '-@all', '+get', '+set', '+del', '+getdel', '+eval', '+evalsha', '+ping']);
    const url = redis.url.replace('redis://', 'redis://wxprod:prod-password@');
    const prod = await open('prod:', { url });
    await prod.set('acl/a', 'v', { ttlMs: 60_000 });
    expect(await prod.get('acl/a')).toBe('v');
    expect(await prod.setIfAbsent('acl/b', 'w')).toBe(true);
    expect(await prod.take('acl/b')).toBe('w');
    expect(await prod.adjust('acl/n', 2, { min: 0 })).toBe(2);
    await prod.delete('acl/n');
    await prod.set('acl/code', 'c');
    expect(await prod.takeAfter('acl/code', [{ key: 'acl/used', value: 'u', ttlMs: 60_000 }])).toBe('c');
    expect(await raw.get('prod:acl/used')).toBe('u');
    const staging = await open('staging:', { url });
    const refused = await staging.set('acl/a', 'v').catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'RedisStoreError', failure: 'refused' });
    expect(StoreUnavailableError.is(refused)).toBe(false); // Redis answered: not an outage
    expect((refused as Error).message).toMatch(/^Redis store: set "acl\/a" failed: Redis at redis:\/\/…@127\.0\.0\.1:\d+ refused it: NOPERM/);
    expect((refused as Error).message).not.toMatch(/prod-password/);
  });

  test('expiry is Redis\'s own (PX): set and setIfAbsent give a TTL, adjust keeps it or sets it, a plain set removes it', async () => {
    const store = await open('ttl:');
    await store.set('a', 'v', { ttlMs: 60_000 });
    await store.setIfAbsent('b', 'v', { ttlMs: 30_000.2 });
    await store.adjust('a-counter', 1, { ttlMs: 45_000 });
    await store.adjust('a-counter', 1);
    await store.set('c', 'v', { ttlMs: 60_000 });
    await store.set('c', 'w');
    const ttl = async (key: string) => raw.pTTL(`ttl:${key}`);
    expect(await ttl('a')).toBeGreaterThan(50_000);
    expect(await ttl('b')).toBeGreaterThan(25_000);
    expect(await ttl('b')).toBeLessThanOrEqual(30_001);
    expect(await ttl('a-counter')).toBeGreaterThan(40_000);
    expect(await ttl('c')).toBe(-1); // permanent
    expect(store.persistent).toBe(true);
  });
});

describe('takeAfter, one script', () => {
  test('every key it writes or takes is under the prefix, with its TTL (a fraction of a ms rounds up) or none', async () => {
    const store = await open('ta:');
    await store.set('code', 'c');
    expect(await store.takeAfter('code', [{ key: 'used', value: 'u', ttlMs: 30_000.2 }, { key: 'user', value: 'x', ifAbsent: true }])).toBe('c');
    expect(await raw.exists('ta:code')).toBe(0);
    expect(await raw.get('ta:used')).toBe('u');
    expect(await raw.pTTL('ta:used')).toBeGreaterThan(25_000);
    expect(await raw.pTTL('ta:used')).toBeLessThanOrEqual(30_001);
    expect(await raw.get('ta:user')).toBe('x');
    expect(await raw.pTTL('ta:user')).toBe(-1);
    expect((await raw.keys('*')).filter((key) => key.startsWith('ta:')).sort()).toEqual(['ta:used', 'ta:user']);
  });

  test('a write Redis refuses stops the script before the take: the key stays, and the error names the operation', async () => {
    const store = await open('ta-refused:');
    await store.set('code', 'c');
    // 1e20 ms passes the contract's check (a positive finite number) but is past what PX takes.
    const failure = await store.takeAfter('code', [{ key: 'used', value: 'u', ttlMs: 1e20 }]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'RedisStoreError', operation: 'takeAfter', key: 'code', failure: 'refused' });
    expect(await raw.get('ta-refused:code')).toBe('c');
    expect(await raw.get('ta-refused:used')).toBeNull();
  });

  test('after Redis forgets its scripts (SCRIPT FLUSH, as a restart does), takeAfter and adjust send them again', async () => {
    const store = await open('ta-flush:');
    await store.set('code', 'c');
    await raw.sendCommand(['SCRIPT', 'FLUSH']);
    expect(await store.takeAfter('code', [{ key: 'used', value: 'u' }])).toBe('c');
    await raw.sendCommand(['SCRIPT', 'FLUSH']);
    expect(await store.adjust('n', 3)).toBe(3);
    expect(await raw.get('ta-flush:used')).toBe('u');
  });
});

describe('connecting and closing', () => {
  test('a Redis that is not there: createRedisStore rejects naming it and why, within connectTimeoutMs', async () => {
    const nothing = 'redis://127.0.0.1:1'; // nothing listens on port 1
    const started = Date.now();
    const failing = createRedisStore({ url: nothing, prefix: 'p:', connectTimeoutMs: 400 });
    await expect(failing).rejects.toThrow(new RegExp(`could not connect to Redis at ${nothing.replace(/\./g, '\\.')} within 400 ms \\(connectTimeoutMs\\): .*ECONNREFUSED`));
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('a RedisStore made with new fails calls as unavailable until connect() resolves, then works', async () => {
    const store = new RedisStore({ url: redis.url, prefix: 'unconnected:' });
    stores.push(store);
    const early = await store.get('k').catch((error: unknown) => error);
    expect(early).toMatchObject({ name: 'RedisStoreError', operation: 'get', failure: 'unavailable' });
    expect(StoreUnavailableError.is(early)).toBe(true);
    expect((early as Error).message).toMatch(/^Redis store: get "k" failed: Redis at redis:\/\/127\.0\.0\.1:\d+ is unavailable/);
    expect(await store.connect()).toBe(store);
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
  });

  test('close() ends the connection; calls after it reject naming the store as closed; closing twice is fine', async () => {
    const store = await createRedisStore({ url: redis.url, prefix: 'closing:' });
    await store.set('k', 'v');
    expect(store.connected).toBe(true);
    await store.close();
    await store.close();
    expect(store.connected).toBe(false);
    const failure = await store.get('k').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RedisStoreError);
    expect(failure).toMatchObject({ operation: 'get', key: 'k', failure: 'closed' });
    expect(StoreUnavailableError.is(failure)).toBe(false); // the integrator closed it: not an outage
    expect((failure as Error).message).toBe('Redis store: get "k" failed: the store was closed (close() was called)');
    expect(await raw.get('closing:k')).toBe('v');
  });

  test('Redis refusing a command (a key of another type) is a RedisStoreError quoting Redis, not a hang', async () => {
    const store = await open('refused:');
    await raw.lPush('refused:list', 'x');
    const failure = await store.get('list').catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'RedisStoreError', operation: 'get', failure: 'refused' });
    expect((failure as Error).message).toMatch(/^Redis store: get "list" failed: Redis at redis:\/\/127\.0\.0\.1:\d+ refused it: WRONGTYPE/);
  });
});
