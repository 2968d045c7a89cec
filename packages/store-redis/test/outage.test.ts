/**
 * The Redis store through Redis outages, against a real redis-server: killed (a crash; the
 * append-only file is fsynced before every answer) and started again, then paused (a Redis that
 * hangs) and resumed. Calls meanwhile fail at once or within commandTimeoutMs with a
 * RedisStoreError naming Redis and the operation, never hang; nothing acknowledged is lost; work
 * resumes by itself once Redis is back.
 */
import { createClient } from 'redis';
import { StoreUnavailableError } from '@wxbridge/store';
import { RedisStoreError, createRedisStore, type RedisStore } from '@wxbridge/store-redis';
import { ADJUST_SHA1 } from '../src/adjust-script';
import { startRedisServer, type RedisServer } from '../../tooling/test-support/redis-server';
import { eventually } from '../../tooling/test-support/store-conformance';

const COMMAND_TIMEOUT_MS = 300;
/** What a loaded machine may add to a timer before a rejection is seen. */
const SLACK_MS = 1500;

let redis: RedisServer;
let store: RedisStore;
const connectionErrors: Error[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  store = await createRedisStore({
    url: redis.url,
    prefix: 'outage:',
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    reconnectMaxDelayMs: 200,
    onConnectionError: (error) => void connectionErrors.push(error),
  });
});
afterAll(async () => {
  await store?.close();
  await redis?.stop();
});

/** The error a call rejects with, and how long it took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: RedisStoreError; ms: number }> {
  const started = Date.now();
  const error = await call().then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
  if (!(error instanceof RedisStoreError)) throw error;
  return { error, ms: Date.now() - started };
}

const back = () => eventually(async () => (await store.get('probe').then(() => true, () => false)), 'the store works again', 20_000);

test('Redis killed and started again: calls fail at once naming Redis and the operation, nothing acknowledged is lost, work resumes', async () => {
  const codes = Array.from({ length: 50 }, (_, i) => `code/${i}`);
  await Promise.all(codes.map((key) => store.set(key, `value of ${key}`, { ttlMs: 600_000 })));
  await store.set('acceptance', '3');
  expect(await store.adjust('acceptance', -1, { min: 0 })).toBe(2);
  expect(await store.take('code/0')).toBe('value of code/0');

  await redis.kill();
  const during = [
    await failure(() => store.get('code/1')),
    await failure(() => store.set('new', 'v')),
    await failure(() => store.take('code/2')),
    await failure(() => store.setIfAbsent('new', 'v')),
    await failure(() => store.adjust('acceptance', -1, { min: 0 })),
    await failure(() => store.delete('code/3')),
  ];
  for (const { error, ms } of during) {
    expect(error.failure).toMatch(/^(unavailable|disconnected)$/);
    expect(StoreUnavailableError.is(error)).toBe(true); // the host answers it "system busy, try again later"
    expect(error.message).toMatch(new RegExp(`^Redis store: ${error.operation} "${error.key}" failed: .*Redis at redis://127\\.0\\.0\\.1:${redis.port}`));
    expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);
  }
  expect(during.map(({ error }) => error.operation)).toEqual(['get', 'set', 'take', 'setIfAbsent', 'adjust', 'delete']);
  const unavailable = during.find(({ error }) => error.failure === 'unavailable')!.error;
  expect(unavailable.message).toMatch(/is unavailable \(reconnecting; last connection error: (Socket closed unexpectedly|connect ECONNREFUSED 127\.0\.0\.1:\d+)\); nothing was changed$/);
  expect(connectionErrors.length).toBeGreaterThan(0);
  console.log(`Redis store, Redis killed: ${during.length} calls failed in ${Math.max(...during.map(({ ms }) => ms))} ms at most, e.g. "${unavailable.message}"`);

  await redis.start();
  await back();
  expect(store.connected).toBe(true);
  // Everything acknowledged before the kill is there (AOF, fsync always): 49 codes, the taken one gone, the count at 2.
  for (const key of codes.slice(1)) expect({ key, value: await store.get(key) }).toEqual({ key, value: `value of ${key}` });
  expect(await store.get('code/0')).toBeUndefined();
  expect(await store.get('new')).toBeUndefined();
  // Redis lost its script cache with the restart: adjust sends the script again.
  const raw = createClient({ url: redis.url });
  await raw.connect();
  expect(await raw.scriptExists(ADJUST_SHA1)).toEqual([0]);
  await raw.close();
  expect(await store.adjust('acceptance', -1, { min: 0 })).toBe(1);
  expect(await store.take('code/2')).toBe('value of code/2');
  expect(await store.setIfAbsent('new', 'v')).toBe(true);
});

test('Redis paused (hung): each call fails after commandTimeoutMs, naming the timeout; calls succeed again once it resumes', async () => {
  await store.set('steady', 'before');
  redis.pause();
  try {
    const during = [await failure(() => store.get('steady')), await failure(() => store.take('steady')), await failure(() => store.adjust('n', 1))];
    for (const { error, ms } of during) {
      expect(error.failure).toBe('timeout');
      expect(StoreUnavailableError.is(error)).toBe(true);
      expect(error.message).toMatch(
        new RegExp(`^Redis store: ${error.operation} "${error.key}" failed: Redis at redis://127\\.0\\.0\\.1:${redis.port} did not answer within 300 ms \\(commandTimeoutMs\\); the operation may or may not have been applied$`),
      );
      expect(ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 5);
      expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);
    }
    console.log(`Redis store, Redis paused: ${during.length} calls failed after ${Math.min(...during.map(({ ms }) => ms))}-${Math.max(...during.map(({ ms }) => ms))} ms (commandTimeoutMs ${COMMAND_TIMEOUT_MS})`);
  } finally {
    redis.resume();
  }
  await back();
  // The timed-out take reached Redis and ran once it resumed: "may have been applied" is what it said.
  expect(['before', undefined]).toContain(await store.get('steady'));
  await store.set('steady', 'after');
  expect(await store.get('steady')).toBe('after');
});
