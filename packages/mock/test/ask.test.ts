/** The `ask` preset: the integrator's real dialogs answer, with the request the host built. */
import { MOCK_ASK_APIS, MOCK_ASK_DIALOGS, MOCK_PRESETS, type MockDialogs } from '@wxbridge/mock';
import { mockResultVerifies, openMock, openPair, settled, until } from './helpers';

const PAYMENT = { timeStamp: '1700000000', nonceStr: 'n0nce', package: 'prepay_id=wx1', signType: 'RSA', paySign: 'sig' } as const;
const SOTER = { requestAuthModes: ['fingerPrint' as const], challenge: 'challenge-7', authContent: 'Confirm the transfer' };
const APP = { appId: 'wx-mock-app', envVersion: 'develop', version: '' };

/** A mock host showing the given dialogs: `ask` for each API that has one. */
async function asking(dialogs: MockDialogs) {
  const pair = openPair({ dialogs });
  for (const api of MOCK_ASK_APIS) if (dialogs[MOCK_ASK_DIALOGS[api]]) await pair.mock.set(api, 'ask');
  return pair;
}

describe('the ask preset', () => {
  it('is offered exactly by the APIs that have a dialog, last in their list', () => {
    for (const api of MOCK_ASK_APIS) expect(MOCK_PRESETS[api].at(-1)).toBe('ask');
    expect(Object.keys(MOCK_ASK_DIALOGS).sort()).toEqual([...MOCK_ASK_APIS].sort());
    expect(MOCK_PRESETS.login).not.toContain('ask');
    expect(() => openMock({ dialogs: {} }).set('login', 'ask')).toThrow('preset must be one of success, error, timeout, not ask');
  });

  it('authorize and privacy: the dialogs get the request and their answers decide', async () => {
    const privacy = jest.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const authorize = jest.fn(({ scope }: { scope: string }) => scope === 'scope.userLocation');
    const { wx } = await asking({ privacy, authorize });

    await expect(wx.authorize({ scope: 'scope.userLocation' })).rejects.toEqual({
      errMsg: 'authorize:fail privacy permission is not authorized',
      errno: 104,
    });
    expect(privacy).toHaveBeenLastCalledWith({
      app: APP,
      user: 'anonymous',
      referrer: 'authorize',
      contractName: 'Mock Privacy Guideline',
      signal: expect.any(AbortSignal),
    });
    expect(authorize).not.toHaveBeenCalled();

    await expect(wx.authorize({ scope: 'scope.userLocation' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    await expect(wx.authorize({ scope: 'scope.camera' })).rejects.toEqual({ errMsg: 'authorize:fail auth deny', errno: 103 });
    expect(authorize.mock.calls.map(([request]) => request)).toEqual([
      { app: APP, user: 'anonymous', scope: 'scope.userLocation', description: expect.any(String), signal: expect.any(AbortSignal) },
      { app: APP, user: 'anonymous', scope: 'scope.camera', description: expect.any(String), signal: expect.any(AbortSignal) },
    ]);
    // The host remembers both answers: no dialog the second time.
    await expect(wx.getSetting()).resolves.toEqual({
      errMsg: 'getSetting:ok',
      authSetting: { 'scope.userLocation': true, 'scope.camera': false },
    });
    await expect(wx.authorize({ scope: 'scope.camera' })).rejects.toMatchObject({ errno: 103 });
    expect(authorize).toHaveBeenCalledTimes(2);
    expect(privacy).toHaveBeenCalledTimes(2);
  });

  it('getUserProfile: consent shows the dialog with desc; refusal is auth deny', async () => {
    const userProfile = jest.fn().mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    const { bridge, wx } = await asking({ privacy: () => true, userProfile });
    const profile = await bridge.runInTap(() => wx.getUserProfile({ desc: 'show your name' }));
    expect(profile).toMatchObject({ errMsg: 'getUserProfile:ok', userInfo: { nickName: 'Mock User', language: 'en' } });
    expect(userProfile).toHaveBeenLastCalledWith(expect.objectContaining({ desc: 'show your name', lang: 'en', app: APP }));
    await expect(bridge.runInTap(() => wx.getUserProfile({ desc: 'again' }))).rejects.toEqual({
      errMsg: 'getUserProfile:fail auth deny',
      errno: 103,
    });
  });

  it('openSetting: the settings page gets the scopes asked and returns their new state', async () => {
    const settings = jest.fn(({ authSetting }: { authSetting: Record<string, boolean> }) => ({ ...authSetting, 'scope.camera': true }));
    const { mock, bridge, wx } = await asking({ privacy: () => true, authorize: () => false, settings });
    await expect(wx.authorize({ scope: 'scope.camera' })).rejects.toMatchObject({ errno: 103 });
    await expect(bridge.runInTap(() => wx.openSetting())).resolves.toEqual({
      errMsg: 'openSetting:ok',
      authSetting: { 'scope.camera': true },
    });
    expect(settings).toHaveBeenCalledWith(expect.objectContaining({ authSetting: { 'scope.camera': false } }));
    await expect(wx.authorize({ scope: 'scope.camera' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    expect(mock.settings.get('openSetting')).toEqual({ preset: 'ask' });
  });

  it('requestSubscribeMessage: the panel shows the templates left after filter; keep stores the choices', async () => {
    const subscribe = jest.fn().mockResolvedValue({
      choices: { 'mock-tmpl-order-shipped': 'accept', 'mock-tmpl-reminder': 'reject' },
      keep: true,
    });
    const { bridge, wx } = await asking({ subscribe });
    const tmplIds = ['mock-tmpl-order-shipped', 'mock-tmpl-order-shipped-2', 'mock-tmpl-reminder'];
    const expected = {
      errMsg: 'requestSubscribeMessage:ok',
      'mock-tmpl-order-shipped': 'accept',
      'mock-tmpl-order-shipped-2': 'filter',
      'mock-tmpl-reminder': 'reject',
    };
    await expect(bridge.runInTap(() => wx.requestSubscribeMessage({ tmplIds }))).resolves.toEqual(expected);
    expect(subscribe.mock.calls[0][0].templates.map((t: { id: string }) => t.id)).toEqual(['mock-tmpl-order-shipped', 'mock-tmpl-reminder']);
    // Kept: the same request is answered without the panel.
    await expect(bridge.runInTap(() => wx.requestSubscribeMessage({ tmplIds }))).resolves.toEqual(expected);
    expect(subscribe).toHaveBeenCalledTimes(1);
  });

  it('soter: the biometric prompt approves (a signed result) or cancels (90008)', async () => {
    const biometric = jest.fn().mockResolvedValueOnce({ ok: true }).mockResolvedValueOnce({ ok: false, reason: 'cancel' });
    const { mock, wx } = await asking({ biometric });
    const result = await wx.startSoterAuthentication(SOTER);
    expect(biometric).toHaveBeenLastCalledWith(
      expect.objectContaining({ challenge: 'challenge-7', authContent: 'Confirm the transfer', mode: 'fingerPrint', app: APP }),
    );
    await expect(mockResultVerifies(mock, result)).resolves.toEqual({ errcode: 0, errmsg: 'ok', is_ok: true });
    expect(JSON.parse(result.resultJSON)).toMatchObject({ raw: 'challenge-7', counter: 1 });
    await expect(wx.startSoterAuthentication(SOTER)).rejects.toEqual({
      errMsg: 'startSoterAuthentication:fail cancel',
      errCode: 90008,
      authMode: 'fingerPrint',
      resultJSON: '',
      resultJSONSignature: '',
    });
  });

  it('requestPayment: the sheet gets the order; pay succeeds with data, cancel is fail cancel', async () => {
    const payment = jest.fn().mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    const { mock, wx } = await asking({ payment });
    await mock.set('requestPayment', { preset: 'ask', data: { orderNo: 'A-1' } });
    await expect(wx.requestPayment({ ...PAYMENT })).resolves.toEqual({ errMsg: 'requestPayment:ok', orderNo: 'A-1' });
    expect(payment).toHaveBeenLastCalledWith({ app: APP, params: PAYMENT, signal: expect.any(AbortSignal) });
    await expect(wx.requestPayment({ ...PAYMENT })).rejects.toEqual({ errMsg: 'requestPayment:fail cancel', errno: 1 });
  });

  it('waits the latency before the dialog', async () => {
    const payment = jest.fn().mockReturnValue(true);
    const { mock, wx } = openPair({ dialogs: { payment } });
    await mock.set('requestPayment', { preset: 'ask', latencyMs: 120 });
    const started = performance.now();
    await wx.requestPayment({ ...PAYMENT });
    expect(performance.now() - started).toBeGreaterThanOrEqual(119);
    expect(payment).toHaveBeenCalledTimes(1);
  });

  it('a dialog open when the mini program leaves sees its signal fire', async () => {
    let signal: AbortSignal | undefined;
    const payment = jest.fn(({ signal: given }: { signal: AbortSignal }) => {
      signal = given;
      return new Promise<boolean>(() => {}); // the user never answers
    });
    const mock = openMock({ dialogs: { payment }, defaults: { requestPayment: 'ask' } });
    const guest = mock.connectGuest({ tapTarget: null });
    const call = settled(guest.bridge.wx.requestPayment({ ...PAYMENT }));
    await until(() => signal !== undefined, 'the dialog to open');
    expect(signal!.aborted).toBe(false);
    guest.close();
    expect(signal!.aborted).toBe(true);
    await expect(call).resolves.toEqual({ ok: false, result: { errMsg: 'requestPayment:fail bridge disposed' } });
  });
});

describe('ask without the dialog it needs', () => {
  it('set() refuses it, naming the option to pass', () => {
    const mock = openMock({ dialogs: { authorize: () => true } });
    expect(() => mock.set('requestPayment', 'ask')).toThrow(
      'mock setting for requestPayment: the ask preset shows your own dialog, options.dialogs.payment, but createMockHost was given none',
    );
    expect(() => openMock().set('soter', { preset: 'ask' })).toThrow('options.dialogs.biometric');
    expect(() => mock.set('authorize', 'ask')).not.toThrow();
    expect(mock.settings.get('requestPayment')).toEqual({ preset: 'success' });
  });

  it('as a default it stops createMockHost; a stored one is ignored', async () => {
    expect(() => openMock({ defaults: { privacy: 'ask' } })).toThrow('options.dialogs.privacy');
    const stored = JSON.stringify({ version: 1, settings: { authorize: { preset: 'ask' }, login: { preset: 'error' } } });
    const store = { get: () => stored, set: () => {}, delete: () => {} };
    const mock = openMock({ store });
    await mock.ready;
    expect(mock.settings.get('authorize')).toEqual({ preset: 'success' });
    expect(mock.settings.get('login')).toEqual({ preset: 'error' });
  });
});

describe('defaults', () => {
  it('apply until set, and reset() returns to them', async () => {
    const mock = openMock({ dialogs: { authorize: () => true }, defaults: { authorize: 'ask', login: { preset: 'error', reason: 'offline' } } });
    expect(mock.settings.get('authorize')).toEqual({ preset: 'ask' });
    expect(mock.settings.defaultOf('login')).toEqual({ preset: 'error', reason: 'offline' });
    await mock.set('authorize', 'deny');
    expect(mock.settings.get('authorize')).toEqual({ preset: 'deny' });
    await mock.reset();
    expect(mock.settings.get('authorize')).toEqual({ preset: 'ask' });
    expect(mock.settings.get('checkSession')).toEqual({ preset: 'success' });
    const { bridge } = mock.connectGuest({ tapTarget: null });
    await expect(bridge.wx.login()).rejects.toEqual({ errMsg: 'login:fail offline', errno: 4 });
  });

  it('refuses an invalid default or an unknown API', () => {
    expect(() => openMock({ defaults: { login: 'deny' } })).toThrow('mock setting for login: preset must be one of');
    expect(() => openMock({ defaults: { nope: 'success' } as never })).toThrow('unknown API nope in defaults');
  });
});
