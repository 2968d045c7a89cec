// A mini program developer's Jest test: the code under test calls the global `wx`, the mock host answers.
import { createMockHost } from '@wxbridge/mock';

// The mini program's code under test.
async function signIn() {
  try {
    const { code } = await wx.login();
    return { ok: true, code };
  } catch (error) {
    return { ok: false, message: error.errMsg };
  }
}

describe('signing in', () => {
  let mock;
  let bridge;

  beforeEach(() => {
    mock = createMockHost(); // a real host whose answers come from settings (refuses NODE_ENV=production)
    bridge = mock.connectGuest().bridge;
    bridge.install(globalThis); // defines the global wx
  });

  afterEach(() => {
    mock.dispose();
    delete globalThis.wx;
  });

  test('sends the login code on', async () => {
    await mock.set('login', { preset: 'success', data: { code: 'test-code' } });
    expect(await signIn()).toEqual({ ok: true, code: 'test-code' });
  });

  test('shows why login failed', async () => {
    await mock.set('login', { preset: 'error', reason: 'system error', errno: 1 });
    expect(await signIn()).toEqual({ ok: false, message: 'login:fail system error' });
  });

  test('a refused scope and a tap-required API', async () => {
    await mock.set('authorize', 'deny');
    await expect(wx.authorize({ scope: 'scope.camera' })).rejects.toEqual({ errMsg: 'authorize:fail auth deny', errno: 103 });
    const profile = await bridge.runInTap(() => wx.getUserProfile({ desc: 'show your name' }));
    expect(profile.userInfo.nickName).toBe('Mock User');
  });
});
