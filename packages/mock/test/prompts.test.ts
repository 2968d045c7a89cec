/** The built-in APIs answered through the host's prompt hooks, the template registry and the SOTER device. */
import { SUBSCRIPTION_ERRORS } from '@wxbridge/host';
import { MOCK_SOTER_MODES, MOCK_SUBSCRIPTION_TEMPLATES } from '@wxbridge/mock';
import { mockResultVerifies, openPair, settled } from './helpers';

describe('authorize, openSetting and privacy via settings', () => {
  it('authorize: success allows (and is remembered), deny refuses with auth deny', async () => {
    const { mock, wx } = openPair();
    await expect(wx.authorize({ scope: 'scope.userLocation' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    await expect(wx.getSetting()).resolves.toMatchObject({ authSetting: { 'scope.userLocation': true } });

    // Changing a consent setting forgets the remembered decisions: the next call asks again.
    await mock.set('authorize', 'deny');
    await expect(wx.authorize({ scope: 'scope.userLocation' })).rejects.toEqual({ errMsg: 'authorize:fail auth deny', errno: 103 });
    await expect(wx.getSetting()).resolves.toMatchObject({ authSetting: { 'scope.userLocation': false } });
    // A denial is remembered by the host's own rule, with no prompt.
    await expect(wx.authorize({ scope: 'scope.userLocation' })).rejects.toMatchObject({ errno: 103 });
  });

  it('authorize deny with an errno and reason of its own, and error', async () => {
    const { mock, wx } = openPair();
    await mock.set('authorize', { preset: 'deny', reason: 'user closed the dialog', errno: 1234 });
    await expect(wx.authorize({ scope: 'scope.camera' })).rejects.toEqual({
      errMsg: 'authorize:fail user closed the dialog',
      errno: 1234,
    });
    await mock.set('authorize', 'error');
    await expect(wx.authorize({ scope: 'scope.camera' })).rejects.toEqual({ errMsg: 'authorize:fail mock error', errno: 4 });
  });

  it('privacy deny fails privacy-gated APIs with errno 104; success lets them through', async () => {
    const { mock, wx } = openPair();
    await mock.set('privacy', 'deny');
    await expect(wx.authorize({ scope: 'scope.record' })).rejects.toEqual({
      errMsg: 'authorize:fail privacy permission is not authorized',
      errno: 104,
    });
    await expect(wx.getPrivacySetting()).resolves.toMatchObject({ needAuthorization: true, privacyContractName: 'Mock Privacy Guideline' });
    await mock.set('privacy', 'success');
    await expect(wx.authorize({ scope: 'scope.record' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    await expect(wx.getPrivacySetting()).resolves.toMatchObject({ needAuthorization: false });
  });

  it('openSetting: deny turns every asked scope off, data sets single scopes', async () => {
    const { mock, bridge, wx } = openPair();
    await wx.authorize({ scope: 'scope.camera' });
    await wx.authorize({ scope: 'scope.record' });
    await mock.set('openSetting', { preset: 'deny', data: { 'scope.record': true } });
    await expect(bridge.runInTap(() => wx.openSetting())).resolves.toEqual({
      errMsg: 'openSetting:ok',
      authSetting: { 'scope.camera': false, 'scope.record': true },
    });
  });

  it('openSetting: data.subscriptionsSetting turns subscriptions on the page (the main switch off: requests fail 20004)', async () => {
    const { mock, bridge, wx } = openPair();
    await wx.authorize({ scope: 'scope.camera' });
    await mock.set('openSetting', { preset: 'success', data: { subscriptionsSetting: { mainSwitch: false } } });
    await expect(bridge.runInTap(() => wx.openSetting({ withSubscriptions: true }))).resolves.toEqual({
      errMsg: 'openSetting:ok',
      authSetting: { 'scope.camera': true },
      subscriptionsSetting: { mainSwitch: false, itemSettings: {} },
    });
    await expect(settled(bridge.runInTap(() => wx.requestSubscribeMessage({ tmplIds: ['mock-tmpl-service-notice'] })))).resolves.toEqual({
      ok: false,
      result: { errMsg: 'requestSubscribeMessage:fail The main switch is switched off', errCode: SUBSCRIPTION_ERRORS.mainSwitchOff },
    });
  });
});

describe('requestSubscribeMessage via the mock template registry', () => {
  const ids = ['mock-tmpl-order-shipped', 'mock-tmpl-order-shipped-2', 'mock-tmpl-banned'];

  it('has the sample templates the panel lists', () => {
    expect(MOCK_SUBSCRIPTION_TEMPLATES.map((t) => t.id)).toEqual(expect.arrayContaining([...ids, 'mock-tmpl-service-notice']));
  });

  it.each([
    ['success', 'accept'],
    ['deny', 'reject'],
    ['cancel', 'reject'],
  ] as const)('%s → %s for the shown template; filter and ban by the host rules', async (preset, choice) => {
    const { mock, bridge, wx } = openPair();
    await mock.set('requestSubscribeMessage', preset);
    await expect(bridge.runInTap(() => wx.requestSubscribeMessage({ tmplIds: ids }))).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'mock-tmpl-order-shipped': choice,
      'mock-tmpl-order-shipped-2': 'filter',
      'mock-tmpl-banned': 'ban',
    });
  });

  it('data chooses per template', async () => {
    const { mock, bridge, wx } = openPair();
    await mock.set('requestSubscribeMessage', { preset: 'success', data: { 'mock-tmpl-reminder': 'reject' } });
    await expect(
      bridge.runInTap(() => wx.requestSubscribeMessage({ tmplIds: ['mock-tmpl-order-shipped', 'mock-tmpl-reminder'] })),
    ).resolves.toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'mock-tmpl-order-shipped': 'accept',
      'mock-tmpl-reminder': 'reject',
    });
  });

  it('the error table: an unknown id, mixed kinds, a failing panel', async () => {
    const { mock, bridge, wx } = openPair();
    const ask = (tmplIds: string[]) => settled(bridge.runInTap(() => wx.requestSubscribeMessage({ tmplIds })));
    await expect(ask(['mock-tmpl-nope'])).resolves.toEqual({
      ok: false,
      result: {
        errMsg: 'requestSubscribeMessage:fail No template data return, verify the template id exist',
        errCode: SUBSCRIPTION_ERRORS.unknownTemplate,
      },
    });
    await expect(ask(['mock-tmpl-reminder', 'mock-tmpl-service-notice'])).resolves.toMatchObject({
      ok: false,
      result: { errCode: SUBSCRIPTION_ERRORS.mixedKinds },
    });
    await mock.set('requestSubscribeMessage', 'error');
    await expect(ask(['mock-tmpl-reminder'])).resolves.toEqual({
      ok: false,
      result: { errMsg: 'requestSubscribeMessage:fail Request subscribe fail', errCode: SUBSCRIPTION_ERRORS.subscribeFail },
    });
  });
});

describe('SOTER via a simulated device', () => {
  const start = { requestAuthModes: ['fingerPrint' as const], challenge: 'challenge-123', authContent: 'Pay 1 yuan' };

  it('success: a signed result the backend verifies with the device key', async () => {
    const { mock, wx } = openPair();
    await expect(wx.checkIsSupportSoterAuthentication()).resolves.toEqual({
      errMsg: 'checkIsSupportSoterAuthentication:ok',
      supportMode: [...MOCK_SOTER_MODES],
    });
    await expect(wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'fingerPrint' })).resolves.toMatchObject({ isEnrolled: true });
    const result = await wx.startSoterAuthentication(start);
    expect(result).toMatchObject({ errMsg: 'startSoterAuthentication:ok', authMode: 'fingerPrint', errCode: 0 });
    await expect(mockResultVerifies(mock, result)).resolves.toEqual({ errcode: 0, errmsg: 'ok', is_ok: true });
    expect(JSON.parse(result.resultJSON)).toMatchObject({ raw: 'challenge-123', counter: 1 });
  });

  it('cancel', async () => {
    const { mock, wx } = openPair();
    await mock.set('soter', 'cancel');
    await expect(wx.startSoterAuthentication(start)).rejects.toEqual({
      errMsg: 'startSoterAuthentication:fail cancel',
      errCode: 90008,
      authMode: 'fingerPrint',
      resultJSON: '',
      resultJSONSignature: '',
    });
  });

  it('notEnrolled: no mode enrolled', async () => {
    const { mock, wx } = openPair();
    await mock.set('soter', 'notEnrolled');
    await expect(wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'fingerPrint' })).resolves.toMatchObject({ isEnrolled: false });
    await expect(wx.startSoterAuthentication(start)).rejects.toMatchObject({
      errMsg: 'startSoterAuthentication:fail no fingerprint enrolled',
      errCode: 90011,
    });
  });

  it('error: internal; deny: authenticate failed', async () => {
    const { mock, wx } = openPair();
    await mock.set('soter', 'error');
    await expect(wx.startSoterAuthentication(start)).rejects.toMatchObject({ errCode: 90007 });
    await mock.set('soter', 'deny');
    await expect(wx.startSoterAuthentication(start)).rejects.toMatchObject({
      errMsg: 'startSoterAuthentication:fail authenticate failed',
      errCode: 90009,
    });
  });
});
