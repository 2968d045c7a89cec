import { SessionService, type ApiVersionOption } from '@wxbridge/host';
import { makePair } from '../../../tooling/test-support/pair';
import { CODE_USED, EXPIRED_CODE, INVALID_CODE, openPlatform } from '../../../tooling/test-support/open-platform';

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
    const { sessions, redeem } = openPlatform({ apps: ['wx-v2', 'wx-other'], clock: () => now, sessionTtlMs: 60_000 });
    const { bridge } = loginPair({ login: 'v2', checkSession: 'v2' }, 'wx-v2', sessions);
    await expect(bridge.wx.checkSession()).rejects.toEqual({ errMsg: 'checkSession:fail session time out, need relogin' });
    const { code } = await bridge.wx.login();
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await expect(bridge.wx.checkSession()).resolves.toEqual({ errMsg: 'checkSession:ok' });
    // The app's backend redeems it with the server: only as its own app, once.
    expect(await redeem('wx-other', code)).toEqual(INVALID_CODE);
    const ok = await redeem('wx-v2', code);
    expect(ok).toEqual({ openid: expect.any(String), session_key: expect.any(String) });
    expect(await redeem('wx-v2', code)).toEqual(CODE_USED);
    now += 60_001;
    await expect(bridge.wx.checkSession()).rejects.toEqual({ errMsg: 'checkSession:fail session time out, need relogin' });
  });

  test('codes expire after five minutes (injectable clock)', async () => {
    let now = 0;
    const { sessions, redeem } = openPlatform({ apps: ['wx-exp'], clock: () => now });
    const { bridge } = loginPair({ login: 'v2' }, 'wx-exp', sessions);
    const { code } = await bridge.wx.login();
    now += 5 * 60_000 + 1;
    expect(await redeem('wx-exp', code)).toEqual(EXPIRED_CODE);
  });

  test('the version is chosen per app and per API, and v2 needs no handler', async () => {
    const choose: ApiVersionOption = (app, api) => (app.appId === 'wx-new' && api === 'login' ? 'v2' : 'v1');
    const { sessions, redeem } = openPlatform({ apps: ['wx-new'], secret: 'shared' });
    const modern = loginPair(choose, 'wx-new', sessions);
    const legacy = loginPair(choose, 'wx-old', sessions);
    const { code } = await modern.bridge.wx.login();
    expect(code).not.toBe('from-handler');
    await expect(legacy.bridge.wx.login()).resolves.toEqual({ code: 'from-handler', errMsg: 'login:ok' });
    await expect(modern.bridge.wx.checkSession()).resolves.toEqual({ fromHandler: true, errMsg: 'checkSession:ok' });
    // The server, over the same store and secret, redeems the code for the app's backend.
    expect(await redeem('wx-new', code)).toMatchObject({ openid: await sessions.openIdOf('wx-new', 'u1') });

    const handlerless = makePair(() => {}, { host: { apiVersion: { login: 'v2' } }, app: { appId: 'wx-bare' } });
    await handlerless.bridge.ready;
    expect(handlerless.bridge.wx.canIUse('login')).toBe(true);
    expect(handlerless.bridge.wx.canIUse('checkSession')).toBe(false);
    await expect(handlerless.bridge.wx.login()).resolves.toMatchObject({ errMsg: 'login:ok' });
  });

  test('openids are per user and app', async () => {
    const platform = openPlatform({ apps: ['wx-a', 'wx-b'] });
    const redeem = async (appId: string, user: string) => {
      const { bridge } = loginPair({ login: 'v2' }, appId, platform.sessions, user);
      const { code } = await bridge.wx.login();
      return (await platform.redeem(appId, code)).openid as string;
    };
    const a1 = await redeem('wx-a', 'alice');
    expect(a1).toEqual(expect.any(String));
    expect(await redeem('wx-a', 'alice')).toBe(a1);
    expect(await redeem('wx-a', 'bob')).not.toBe(a1);
    expect(await redeem('wx-b', 'alice')).not.toBe(a1);
  });
});
