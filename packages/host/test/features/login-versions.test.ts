import { MemoryStore, SessionService, type ApiVersionOption } from '@wxbridge/host';
import { makePair } from '../../../tooling/test-support/pair';

function loginPair(apiVersion: ApiVersionOption | undefined, appId: string, sessions?: SessionService, user = 'u1') {
  return makePair(
    (host) => {
      host.handle('login', () => ({ code: 'from-handler' }));
      host.handle('checkSession', () => ({ fromHandler: true }));
    },
    { host: { apiVersion, sessions, user: () => user }, app: { appId } },
  );
}

describe('login and checkSession by API version', () => {
  test('v1 (default): the handler provides the result', async () => {
    const { bridge } = loginPair(undefined, 'wx-v1');
    await expect(bridge.wx.login()).resolves.toEqual({ code: 'from-handler', errMsg: 'login:ok' });
    await expect(bridge.wx.checkSession()).resolves.toEqual({ fromHandler: true, errMsg: 'checkSession:ok' });
  });

  test('v2: random single-use codes bound to the app; checkSession follows the last code', async () => {
    let now = 1_700_000_000_000;
    const sessions = new SessionService({ clock: () => now, secret: 's', sessionTtlMs: 60_000 });
    const { bridge } = loginPair({ login: 'v2', checkSession: 'v2' }, 'wx-v2', sessions);
    await expect(bridge.wx.checkSession()).rejects.toEqual({ errMsg: 'checkSession:fail session time out, need relogin' });
    const { code } = await bridge.wx.login();
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await expect(bridge.wx.checkSession()).resolves.toEqual({ errMsg: 'checkSession:ok' });
    expect(await sessions.code2Session('wx-other', code)).toEqual({ errcode: 40029, errmsg: 'invalid code' });
    const ok = await sessions.code2Session('wx-v2', code);
    expect(ok).toEqual({ openid: expect.any(String), session_key: expect.any(String) });
    expect(await sessions.code2Session('wx-v2', code)).toEqual({ errcode: 40163, errmsg: 'code been used' });
    now += 60_001;
    await expect(bridge.wx.checkSession()).rejects.toEqual({ errMsg: 'checkSession:fail session time out, need relogin' });
  });

  test('codes expire after five minutes (injectable clock)', async () => {
    let now = 0;
    const sessions = new SessionService({ clock: () => now, secret: 's' });
    const { bridge } = loginPair({ login: 'v2' }, 'wx-exp', sessions);
    const { code } = await bridge.wx.login();
    now += 5 * 60_000 + 1;
    expect(await sessions.code2Session('wx-exp', code)).toEqual({ errcode: 40029, errmsg: 'invalid code: expired' });
  });

  test('the version is chosen per app and per API, and v2 needs no handler', async () => {
    const choose: ApiVersionOption = (app, api) => (app.appId === 'wx-new' && api === 'login' ? 'v2' : 'v1');
    const store = new MemoryStore();
    const sessions = new SessionService({ store, secret: 'shared' });
    const modern = loginPair(choose, 'wx-new', sessions);
    const legacy = loginPair(choose, 'wx-old', sessions);
    const { code } = await modern.bridge.wx.login();
    expect(code).not.toBe('from-handler');
    await expect(legacy.bridge.wx.login()).resolves.toEqual({ code: 'from-handler', errMsg: 'login:ok' });
    await expect(modern.bridge.wx.checkSession()).resolves.toEqual({ fromHandler: true, errMsg: 'checkSession:ok' });
    // A backend process with its own SessionService over the same store and secret redeems the code.
    const backend = new SessionService({ store, secret: 'shared' });
    expect(await backend.code2Session('wx-new', code)).toMatchObject({ openid: expect.any(String) });

    const handlerless = makePair(() => {}, { host: { apiVersion: { login: 'v2' } }, app: { appId: 'wx-bare' } });
    await handlerless.bridge.ready;
    expect(handlerless.bridge.wx.canIUse('login')).toBe(true);
    expect(handlerless.bridge.wx.canIUse('checkSession')).toBe(false);
    await expect(handlerless.bridge.wx.login()).resolves.toMatchObject({ errMsg: 'login:ok' });
  });

  test('openids are per user and app', async () => {
    const sessions = new SessionService({ secret: 's' });
    const redeem = async (appId: string, user: string) => {
      const { bridge } = loginPair({ login: 'v2' }, appId, sessions, user);
      const { code } = await bridge.wx.login();
      return ((await sessions.code2Session(appId, code)) as { openid: string }).openid;
    };
    const a1 = await redeem('wx-a', 'alice');
    expect(await redeem('wx-a', 'alice')).toBe(a1);
    expect(await redeem('wx-a', 'bob')).not.toBe(a1);
    expect(await redeem('wx-b', 'alice')).not.toBe(a1);
  });
});
