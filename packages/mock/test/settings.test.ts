/** Settings: free-form data, overrides, latency, live changes, validation, persistence. */
import { MemoryStore } from '@wxbridge/host';
import { DEFAULT_MOCK_SETTINGS, MOCK_APIS, MOCK_PRESETS, MOCK_SETTINGS_KEY } from '@wxbridge/mock';
import { openMock, openPair, until } from './helpers';

describe('settings', () => {
  it('lists every API with its presets and a success default (for a panel)', () => {
    for (const api of MOCK_APIS) {
      expect(MOCK_PRESETS[api][0]).toBe('success');
      expect(DEFAULT_MOCK_SETTINGS[api]).toEqual({ preset: 'success' });
    }
    expect(MOCK_PRESETS.soter).toContain('notEnrolled');
  });

  it('merges free-form data into success and fail results, never over errMsg', async () => {
    const { mock, wx } = openPair();
    await mock.set('login', { preset: 'success', data: { code: 'fixed-code', extra: { n: 1 }, errMsg: 'forged' } });
    await expect(wx.login()).resolves.toEqual({ errMsg: 'login:ok', code: 'fixed-code', extra: { n: 1 } });

    await wx.authorize({ scope: 'scope.userInfo' });
    await mock.set('getUserInfo', { preset: 'success', data: { userInfo: { nickName: 'Ada' }, signature: 'sig' } });
    const info = await wx.getUserInfo();
    expect(info.userInfo).toMatchObject({ nickName: 'Ada', city: 'Mock City' });
    expect(info.signature).toBe('sig');

    await mock.set('requestPayment', { preset: 'error', data: { detail: 'card declined', errMsg: 'x', errno: 0 } });
    await expect(
      wx.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' }),
    ).rejects.toEqual({ errMsg: 'requestPayment:fail mock error', errno: 4, detail: 'card declined' });
  });

  it('a chosen errno, errCode and reason override the preset', async () => {
    const { mock, wx } = openPair();
    await mock.set('login', { preset: 'error', errno: 1020, errCode: 42, reason: 'code used' });
    await expect(wx.login()).rejects.toEqual({ errMsg: 'login:fail code used', errno: 1020, errCode: 42 });
    await mock.set('requestPayment', { preset: 'cancel', errCode: -2 });
    await expect(
      wx.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' }),
    ).rejects.toEqual({ errMsg: 'requestPayment:fail cancel', errno: 1, errCode: -2 });
  });

  it('latencyMs delays the answer', async () => {
    const { mock, wx } = openPair();
    await mock.set('login', { preset: 'success', latencyMs: 150 });
    const started = performance.now();
    await wx.login();
    // Timers may fire up to a millisecond early against performance.now().
    expect(performance.now() - started).toBeGreaterThanOrEqual(149);
    expect(mock.pendingCount).toBe(0);
  });

  it('the timeout preset never answers: the guest times out', async () => {
    const { mock, wx } = openPair({}, { timeout: 60 });
    await mock.set('login', 'timeout');
    await expect(wx.login()).rejects.toEqual({ errMsg: 'login:fail time out', errno: 5 });
    // The guest's cancel reaches the host: the mock's wait ends with it.
    await until(() => mock.pendingCount === 0, "the guest's cancel to end the mock's wait");
    expect(mock.pendingCount).toBe(0);
  });

  it('a change between two calls changes the second result, with nothing recreated', async () => {
    const { mock, wx } = openPair();
    await expect(wx.checkSession()).resolves.toEqual({ errMsg: 'checkSession:ok' });
    void mock.set('checkSession', 'error'); // applies at once, before it is persisted
    await expect(wx.checkSession()).rejects.toEqual({ errMsg: 'checkSession:fail session time out, need relogin', errno: 4 });
    expect(mock.settings.get('checkSession')).toEqual({ preset: 'error' });
  });

  it('refuses a setting the API does not offer, or malformed fields', () => {
    const mock = openMock();
    expect(() => mock.set('login', 'deny')).toThrow('preset must be one of success, error, timeout');
    expect(() => mock.set('login', { preset: 'error', errno: 1.5 })).toThrow('errno must be an integer');
    expect(() => mock.set('login', { preset: 'success', data: [] as never })).toThrow('data must be a plain object');
    // Not silently changed by a JSON round trip: refused, naming the problem.
    for (const value of [NaN, new Date(0), new Map(), () => 1]) {
      expect(() => mock.set('login', { preset: 'success', data: { nested: { value } } })).toThrow('mock setting for login: data must be JSON data');
    }
    expect(() => mock.set('login', { preset: 'success', latencyMs: -1 })).toThrow('latencyMs');
    expect(() => mock.set('nope' as never, 'success')).toThrow('unknown API nope');
    expect(mock.settings.get('login')).toEqual({ preset: 'success' });
  });

  it('persists to the store and a second mock host on the same store restores them', async () => {
    const store = new MemoryStore();
    const first = openMock({ store });
    await first.set('login', { preset: 'error', reason: 'persisted', latencyMs: 5 });
    await first.set('soter', 'notEnrolled');
    expect(JSON.parse(store.get(MOCK_SETTINGS_KEY)!)).toEqual({
      version: 1,
      settings: { login: { preset: 'error', reason: 'persisted', latencyMs: 5 }, soter: { preset: 'notEnrolled' } },
    });
    first.dispose();

    const second = openMock({ store });
    await second.ready;
    expect(second.settings.get('login')).toEqual({ preset: 'error', reason: 'persisted', latencyMs: 5 });
    const { bridge } = second.connectGuest({ tapTarget: null });
    await expect(bridge.wx.login()).rejects.toEqual({ errMsg: 'login:fail persisted', errno: 4 });

    await second.reset();
    expect(second.settings.all()).toEqual(DEFAULT_MOCK_SETTINGS);
    expect(store.get(MOCK_SETTINGS_KEY)).toBeUndefined();
  });

  it('loads from an async store; a setting made before loading wins; corrupt entries are ignored', async () => {
    const map = new Map<string, string>([
      [MOCK_SETTINGS_KEY, JSON.stringify({ version: 1, settings: { login: { preset: 'error' }, checkSession: { preset: 'bogus' }, getAuthCode: 'cancel' } })],
    ]);
    const store = {
      get: async (key: string) => map.get(key),
      set: async (key: string, value: string) => void map.set(key, value),
      delete: async (key: string) => void map.delete(key),
    };
    const mock = openMock({ store });
    void mock.set('requestPayment', 'cancel');
    await mock.ready;
    expect(mock.settings.get('login')).toEqual({ preset: 'error' });
    expect(mock.settings.get('checkSession')).toEqual({ preset: 'success' });
    expect(mock.settings.get('getAuthCode')).toEqual({ preset: 'cancel' });
    expect(mock.settings.get('requestPayment')).toEqual({ preset: 'cancel' });

    map.set('other', '{');
    const broken = openMock({ store: { ...store, get: async () => '{not json' } });
    await broken.ready;
    expect(broken.settings.all()).toEqual(DEFAULT_MOCK_SETTINGS);
  });
});
