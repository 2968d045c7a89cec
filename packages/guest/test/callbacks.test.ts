import { wxFail } from '@wxbridge/host';
import { makePair, until, type Pair } from '../../tooling/test-support/pair';

// Every pair is closed after each test by the shared clean-up (test-support/cleanup.ts).
let pair: Pair;

// A test waits for the callback it expects (`until`), then for `pair.idle()` before checking that
// nothing else was called: idle is ordered after every answer the host sends for the calls made
// (each message handled on both sides, no call running or pending), so a second delivery would have
// run its callbacks by then.

describe('callback style', () => {
  test('success then complete, with the same object, and the call returns undefined', async () => {
    pair = makePair((host) => host.handle('login', () => ({ code: 'abc' })));
    const order: string[] = [];
    let seen: unknown[] = [];
    const returned = pair.bridge.wx.login({
      success: (res) => {
        order.push('success');
        seen.push(res);
      },
      fail: () => order.push('fail'),
      complete: (res) => {
        order.push('complete');
        seen.push(res);
      },
    });
    expect(returned).toBeUndefined();
    await until(() => order.includes('complete'), 'complete to run');
    await pair.idle();
    expect(order).toEqual(['success', 'complete']);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toEqual({ code: 'abc', errMsg: 'login:ok' });
  });

  test('callbacks an options object inherits are called (the platform reads them as properties); inherited data is not sent, own data is', async () => {
    const seen: unknown[] = [];
    pair = makePair((host) =>
      host.handle('login', (params) => {
        seen.push(params);
        return { code: 'abc' };
      }),
    );
    const order: string[] = [];
    const base = { success: () => order.push('success'), complete: () => order.push('complete'), timeout: 5_000 };
    const options = Object.assign(Object.create(base), { ownFlag: 'sent' });
    const returned = pair.bridge.wx.login(options);
    expect(returned).toBeUndefined();
    await until(() => order.includes('complete'), 'complete to run');
    await pair.idle();
    expect(order).toEqual(['success', 'complete']);
    expect(seen).toEqual([{ ownFlag: 'sent' }]);
  });

  test('fail then complete on failure', async () => {
    pair = makePair((host) => host.handle('checkSession', () => wxFail('session time out, need relogin')));
    const order: Array<[string, unknown]> = [];
    pair.bridge.wx.checkSession({
      success: () => order.push(['success', null]),
      fail: (res) => order.push(['fail', res]),
      complete: (res) => order.push(['complete', res]),
    });
    await until(() => order.some(([kind]) => kind === 'complete'), 'complete to run');
    await pair.idle();
    expect(order).toEqual([
      ['fail', { errMsg: 'checkSession:fail session time out, need relogin' }],
      ['complete', { errMsg: 'checkSession:fail session time out, need relogin' }],
    ]);
  });

  test('callbacks never run before the call returns, for local and host failures alike', async () => {
    pair = makePair((host) => host.handle('login', () => ({ code: 'x' })));
    await pair.bridge.ready;
    const events: unknown[] = [];
    const wx = pair.bridge.wx;
    wx.login({ timeout: 'soon' as unknown as number, complete: (res) => events.push(res) });
    wx.login({ success: 42 as unknown as () => void, complete: (res) => events.push(res) });
    events.push('returned');
    await Promise.resolve();
    expect(events[0]).toBe('returned');
    await until(() => events.length >= 3, 'both calls to complete');
    await pair.idle();
    expect(events).toEqual([
      'returned',
      { errMsg: 'login:fail parameter error: parameter.success should be Function instead of Number;', errno: 1001 },
      { errMsg: 'login:fail parameter error: parameter.timeout should be Number instead of String;', errno: 1001 },
    ]);
  });

  test('an exception in success is reported and complete still runs; the bridge keeps working', async () => {
    const reports: Error[] = [];
    pair = makePair((host) => host.handle('login', () => ({ code: 'x' })), { guest: { onError: (e) => reports.push(e) } });
    const ran: string[] = [];
    pair.bridge.wx.login({
      success: () => {
        throw new Error('boom');
      },
      complete: () => ran.push('complete'),
    });
    await until(() => ran.length > 0, 'complete to run');
    await pair.idle();
    expect(ran).toEqual(['complete']);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toBe('thirdScriptError\nboom;at api login success callback function');
    expect(reports[0]!.cause).toBeInstanceOf(Error);
    await expect(pair.bridge.wx.login()).resolves.toEqual({ code: 'x', errMsg: 'login:ok' });
  });

  test('exceptions in fail and complete are reported in the same form, and a throwing onError is contained', async () => {
    const reports: string[] = [];
    pair = makePair((host) => host.handle('checkSession', () => wxFail('expired')), {
      guest: {
        onError: (e) => {
          reports.push(e.message);
          throw new Error('sink broke too');
        },
      },
    });
    pair.bridge.wx.checkSession({
      fail: () => {
        throw 'a string';
      },
      complete: () => {
        throw new TypeError('later');
      },
    });
    await until(() => reports.length >= 2, 'the fail and complete exceptions to be reported');
    await pair.idle();
    expect(reports).toEqual([
      'thirdScriptError\na string;at api checkSession fail callback function',
      'thirdScriptError\nlater;at api checkSession complete callback function',
    ]);
  });

  test('the default error sink is console.error', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    pair = makePair((host) => host.handle('login', () => ({ code: 'x' })));
    pair.bridge.wx.login({
      success: () => {
        throw new Error('to the console');
      },
    });
    await until(() => spy.mock.calls.length > 0, 'the exception to reach console.error');
    await pair.idle();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(String((spy.mock.calls[0]![0] as Error).message)).toContain('at api login success callback function');
    spy.mockRestore();
  });
});

describe('Promise style', () => {
  test('a Promise exactly when none of success/fail/complete is passed', async () => {
    pair = makePair((host) => host.handle('login', () => ({ code: 'p' })));
    const promise = pair.bridge.wx.login();
    expect(promise).toBeInstanceOf(Promise);
    await expect(promise).resolves.toEqual({ code: 'p', errMsg: 'login:ok' });
    const withTimeout = pair.bridge.wx.login({ timeout: 1000 });
    expect(withTimeout).toBeInstanceOf(Promise);
    await withTimeout;
    expect(pair.bridge.wx.login({ complete: () => {} })).toBeUndefined();
    expect(pair.bridge.wx.login({ fail: () => {} })).toBeUndefined();
    expect(pair.bridge.wx.login({ success: () => {} })).toBeUndefined();
    await pair.idle(); // the three callback-style calls are answered before the pair is closed
  });

  test('rejects with the plain fail object, errno and errCode carried through', async () => {
    pair = makePair((host) => host.handle('login', () => wxFail('appid login is blocked', { errno: 1402101, errCode: -1 })));
    await expect(pair.bridge.wx.login()).rejects.toEqual({
      errMsg: 'login:fail appid login is blocked',
      errno: 1402101,
      errCode: -1,
    });
  });
});

describe('guest-side parameter checks', () => {
  test('options that are not an object, callbacks that are not functions, and unsendable values fail with errno 1001', async () => {
    pair = makePair((host) => host.handle('login', () => ({ code: 'x' })));
    const wx = pair.bridge.wx as unknown as Record<string, (options?: unknown) => Promise<unknown> | undefined>;
    await expect(wx.login!('nope')).rejects.toEqual({
      errMsg: 'login:fail parameter error: parameter should be Object instead of String;',
      errno: 1001,
    });
    await expect(wx.login!({ success: null })).rejects.toEqual({
      errMsg: 'login:fail parameter error: parameter.success should be Function instead of Null;',
      errno: 1001,
    });
    const results: unknown[] = [];
    wx.login!({ success: 'yes', complete: (r: unknown) => results.push(r) });
    wx.login!({ timeout: () => 1, complete: (r: unknown) => results.push(r) });
    await until(() => results.length >= 2, 'both calls to complete');
    await pair.idle();
    expect(results).toEqual([
      { errMsg: 'login:fail parameter error: parameter.success should be Function instead of String;', errno: 1001 },
      { errMsg: 'login:fail parameter error: parameter.timeout should be JSON data instead of Function;', errno: 1001 },
    ]);
    await expect(wx.login!({ nested: { fn: () => 1 } })).rejects.toEqual({
      errMsg: 'login:fail parameter error: parameters must be JSON data;',
      errno: 1001,
    });
    expect(pair.bridge.pendingCount).toBe(0);
  });
});
