/**
 * createServer's and listen's options: each wrong one is a TypeError naming it and what was
 * expected, thrown at start. App secrets are kept only as digests.
 */
import { MemoryStore, type KeyValueStore } from '@wxbridge/store';
import { createServer, type ServerOptions } from '@wxbridge/server';
import { listen } from '@wxbridge/server/node';
import { createHash } from 'node:crypto';
import { Apps } from '../src/apps';
import { APP, SECRET } from './harness';

const base = (): ServerOptions => ({ store: new MemoryStore(), secret: SECRET, apps: [APP] });
const make = (changes: Record<string, unknown>) => () => createServer({ ...base(), ...changes } as ServerOptions);

describe('createServer', () => {
  test.each([
    [{ store: undefined }, 'createServer: store is required'],
    [{ store: { get() {}, set() {}, delete() {} } }, 'createServer: store must implement take() atomically'],
    [{ store: 'file:./data' }, 'createServer: store must be a store'],
    [{ secret: undefined }, 'createServer: secret must be a non-empty string'],
    [{ secret: '' }, 'createServer: secret must be a non-empty string'],
    [{ apps: [] }, 'createServer: apps must be a non-empty list'],
    [{ apps: [null] }, 'createServer: apps[0] must be an object'],
    [{ apps: [[APP]] }, 'createServer: apps[0] must be an object'],
    [{ apps: [{ secret: 'x' }] }, 'createServer: apps[0].appId must be a non-empty string'],
    [{ apps: [{ appId: 'a\0b', secret: 'x' }] }, 'createServer: apps[0].appId must not contain NUL'],
    [{ apps: [APP, APP] }, 'createServer: apps[1].appId: wx-app-one is listed twice'],
    [{ apps: [{ appId: 'a' }] }, 'createServer: apps[0] needs exactly one of secret and secretHash'],
    [{ apps: [{ appId: 'a', secret: 'x', secretHash: 'ab'.repeat(32) }] }, 'createServer: apps[0] needs exactly one of secret and secretHash'],
    [{ apps: [{ appId: 'a', secret: 42 }] }, 'createServer: apps[0].secret must be a non-empty string'],
    [{ apps: [{ appId: 'a', secretHash: 'xyz' }] }, 'createServer: apps[0].secretHash must be 64 hex digits'],
    [{ apps: [{ appId: 'a', secretHash: 'g'.repeat(64) }] }, 'createServer: apps[0].secretHash must be 64 hex digits'],
    [{ apps: [{ ...APP, templates: [{ id: 't', title: 'T', kind: 'weekly', keywords: ['thing1'] }] }] }, 'createServer: apps[0].templates[0].kind must be "one-time" or "long-term"'],
    [{ maxBodyBytes: 0 }, 'createServer: maxBodyBytes must be a positive integer, not 0'],
    [{ maxBodyBytes: 1.5 }, 'createServer: maxBodyBytes must be a positive integer'],
    [{ perClientPerMinute: -1 }, 'createServer: perClientPerMinute must be a positive integer, not -1'],
    [{ perAppPerMinute: '10' }, 'createServer: perAppPerMinute must be a positive integer, not 10'],
    [{ loginsPerUserPerMinute: Infinity }, 'createServer: loginsPerUserPerMinute must be a positive integer'],
    [{ codeTtlMs: -5 }, 'createServer: codeTtlMs must be a positive number'],
    [{ sessionTtlMs: Number.NaN }, 'createServer: sessionTtlMs must be a positive number'],
    [{ clock: 5 }, 'createServer: clock must be a function'],
    [{ onError: 'console' }, 'createServer: onError must be a function'],
    [{ blockedUser: true }, 'createServer: blockedUser must be a function'],
    [{ unionIdOf: {} }, 'createServer: unionIdOf must be a function'],
    [{ deliver: 1 }, 'createServer: deliver must be a function'],
    [{ clientOf: 'x-forwarded-for' }, 'createServer: clientOf must be a function'],
  ])('%j: %s', (changes, message) => {
    expect(make(changes)).toThrow(TypeError);
    expect(make(changes)).toThrow(message);
  });

  test('no options at all is a TypeError too', () => {
    expect(() => createServer(undefined as unknown as ServerOptions)).toThrow('createServer: options must be an object');
  });

  test('keeps no app secret in clear: the registry holds its SHA-256 only', async () => {
    const apps = new Apps([APP], 'apps');
    const seen = new Set<unknown>();
    const visit = (value: unknown): boolean => {
      if (typeof value === 'string') return value.includes(APP.secret);
      if (typeof value !== 'object' || value === null || seen.has(value)) return false;
      seen.add(value);
      return Object.values(value).some(visit) || (value instanceof Map && [...value.values()].some(visit));
    };
    expect(visit(apps)).toBe(false);
    const digest = new Uint8Array(createHash('sha256').update(APP.secret).digest());
    const entry = (apps as unknown as { byId: Map<string, { secretHash: Uint8Array }> }).byId.get(APP.appId)!;
    expect(entry.secretHash).toEqual(digest);
    await expect(apps.authenticate(APP.appId, APP.secret)).resolves.toEqual({ appId: APP.appId, templates: [] });
    expect(createServer(base()).maxBodyBytes).toBe(64 * 1024);
  });

  test('a store without the shared operations is refused before any request', () => {
    const basic: KeyValueStore = { get: () => undefined, set: () => {}, delete: () => {}, take: () => undefined, setIfAbsent: () => true };
    expect(make({ store: basic })).toThrow('createServer: store must implement adjust() atomically');
  });
});

describe('listen', () => {
  test.each([
    [{ port: -1 }, 'listen: port must be an integer from 0 to 65535, not -1'],
    [{ port: 70000 }, 'listen: port must be an integer from 0 to 65535'],
    [{ port: 1.5 }, 'listen: port must be an integer'],
    [{ host: '' }, 'listen: host must be an address'],
  ])('%j: %s', async (options, message) => {
    await expect(listen(createServer(base()), options)).rejects.toThrow(message);
  });

  test('binds loopback by default and reports its URL and port', async () => {
    const listening = await listen(createServer(base()));
    try {
      expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
      expect(listening.port).toBeGreaterThan(0);
      expect(await (await fetch(`${listening.url}/health`)).json()).toEqual({ status: 'ok' });
    } finally {
      await listening.close();
    }
    await expect(fetch(`${listening.url}/health`)).rejects.toThrow();
  });
});
