/**
 * A store outage on the host: a call that meets a store which cannot be reached or did not answer
 * in time (`StoreUnavailableError.is`, whatever store or copy of @wxbridge/store threw it) fails
 * `<api>:fail system busy, try again later` (errno 4) instead of `internal error`, is still reported
 * to the integrator's `error` event, and works again once the store answers. Any other error stays
 * `internal error`.
 */
import { SessionService, type ErrorInfo } from '@wxbridge/host';
import { MemoryStore, StoreUnavailableError, type KeyValueStore } from '@wxbridge/store';
import { makePair } from '../../../tooling/test-support/pair';

const BUSY = (api: string) => ({ errMsg: `${api}:fail system busy, try again later`, errno: 4 });

/** A MemoryStore whose every operation throws `failure()` while it is down. */
function flakyStore(failure: () => Error) {
  const inner = new MemoryStore();
  let down = false;
  const guard = <T>(run: () => T): T => {
    if (down) throw failure();
    return run();
  };
  const store: KeyValueStore & { take(key: string): string | undefined } = {
    get: (key) => guard(() => inner.get(key)),
    set: (key, value, options) => guard(() => inner.set(key, value, options)),
    delete: (key) => guard(() => inner.delete(key)),
    take: (key) => guard(() => inner.take(key)),
  };
  return { store, down: () => void (down = true), up: () => void (down = false) };
}

const unavailable = () => new StoreUnavailableError('the store at redis://127.0.0.1:6390 is unavailable (reconnecting)');

function errorsOf(pair: ReturnType<typeof makePair>): unknown[] {
  const errors: unknown[] = [];
  pair.host.on('error', (info: ErrorInfo) => void errors.push(info.error));
  return errors;
}

describe('a store that cannot be reached: <api>:fail system busy, try again later', () => {
  test('wx.login v2 over a SessionService whose store is down; reported to the error event; works again once it is up', async () => {
    const flaky = flakyStore(unavailable);
    const sessions = new SessionService({ store: flaky.store, secret: 'a-secret-of-the-store-unavailable-test' });
    const pair = makePair(() => {}, { host: { apiVersion: { login: 'v2' }, sessions, user: () => 'user-1' }, app: { appId: 'wx-busy' } });
    const errors = errorsOf(pair);
    flaky.down();
    await expect(pair.bridge.wx.login()).rejects.toEqual(BUSY('login'));
    expect(errors).toHaveLength(1);
    expect(StoreUnavailableError.is(errors[0])).toBe(true);
    expect((errors[0] as Error).message).toMatch(/is unavailable/);
    flaky.up();
    await expect(pair.bridge.wx.login()).resolves.toEqual({ code: expect.any(String), errMsg: 'login:ok' });
    expect(errors).toHaveLength(1);
  });

  test('a scope decision the decision store cannot read: the gate fails the call before any prompt or handler', async () => {
    const flaky = flakyStore(unavailable);
    const handler = jest.fn(() => ({ latitude: 1, longitude: 2, speed: 0, accuracy: 1 }));
    const prompt = jest.fn(() => true);
    const pair = makePair((host) => host.handle('getLocation', handler as never), {
      host: { store: flaky.store, prompts: { authorize: prompt }, user: () => 'user-1' },
      app: { appId: 'wx-busy' },
    });
    const errors = errorsOf(pair);
    flaky.down();
    await expect(pair.bridge.wx.getLocation({})).rejects.toEqual(BUSY('getLocation'));
    expect([prompt.mock.calls.length, handler.mock.calls.length]).toEqual([0, 0]);
    expect(errors.map((error) => StoreUnavailableError.is(error))).toEqual([true]);
    flaky.up();
    await expect(pair.bridge.wx.getLocation({})).resolves.toMatchObject({ errMsg: 'getLocation:ok' });
  });

  test("a handler's own store error marked with StoreUnavailableError.mark, thrown or rejected, is system busy too", async () => {
    class OwnStoreError extends Error {}
    const pair = makePair((host) => {
      host.handle('login', () => {
        throw StoreUnavailableError.mark(new OwnStoreError('did not answer within 500 ms'));
      });
      host.handle('checkSession', async () => Promise.reject(unavailable()));
    });
    const errors = errorsOf(pair);
    await expect(pair.bridge.wx.login()).rejects.toEqual(BUSY('login'));
    await expect(pair.bridge.wx.checkSession()).rejects.toEqual(BUSY('checkSession'));
    expect(errors.map((error) => error instanceof OwnStoreError)).toEqual([true, false]);
    expect(errors.map((error) => StoreUnavailableError.is(error))).toEqual([true, true]);
  });

  test('any other store error is still internal error (errno 4), with no details on the wire', async () => {
    const flaky = flakyStore(() => new Error('WRONGTYPE Operation against a key holding the wrong kind of value'));
    const sessions = new SessionService({ store: flaky.store, secret: 'a-secret-of-the-store-unavailable-test' });
    const pair = makePair(() => {}, { host: { apiVersion: { login: 'v2' }, sessions, user: () => 'user-1' } });
    const errors = errorsOf(pair);
    flaky.down();
    await expect(pair.bridge.wx.login()).rejects.toEqual({ errMsg: 'login:fail internal error', errno: 4 });
    expect((errors[0] as Error).message).toMatch(/^WRONGTYPE/);
  });
});
