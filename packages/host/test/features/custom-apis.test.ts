import { wxCancel, wxFail } from '@wxbridge/host';
import { makePair, until } from '../../../tooling/test-support/pair';

describe('custom host APIs (invokeNativePlugin)', () => {
  test('a registered API is called with data and answers with the usual rules, callbacks or Promise', async () => {
    const { bridge } = makePair((host) => {
      host.registerApi('myRequestPayment', {
        params: { amount: { type: 'number', required: true } },
        handler: (data, ctx) => ({ paid: data.amount, app: ctx.app.appId }),
      });
    }, { app: { appId: 'wx-custom' } });
    await expect(bridge.wx.invokeNativePlugin({ api_name: 'myRequestPayment', data: { amount: 12 } })).resolves.toEqual({
      paid: 12,
      app: 'wx-custom',
      errMsg: 'invokeNativePlugin:ok',
    });
    const seen: unknown[] = [];
    bridge.wx.invokeNativePlugin({
      api_name: 'myRequestPayment',
      data: { amount: 'twelve' },
      fail: (res) => seen.push(['fail', res]),
      complete: (res) => seen.push(['complete', res]),
    });
    await until(() => seen.length >= 2, 'the fail and complete callbacks');
    const failed = { errMsg: 'invokeNativePlugin:fail parameter error: parameter.data.amount should be Number instead of String;', errno: 1001 };
    expect(seen).toEqual([['fail', failed], ['complete', failed]]);
  });

  test('unknown and prototype-named custom APIs are not supported; failures and cancels compose as usual', async () => {
    const { bridge } = makePair((host) => {
      host.registerApi('deny', { handler: () => wxFail('user refused', { errno: 103 }) });
      host.registerApi('cancelMe', { handler: () => wxCancel() });
    });
    for (const name of ['nope', '__proto__', 'constructor', 'toString']) {
      await expect(bridge.wx.invokeNativePlugin({ api_name: name })).rejects.toEqual({
        errMsg: `invokeNativePlugin:fail not supported: ${name}`,
        errno: 100,
      });
    }
    await expect(bridge.wx.invokeNativePlugin({ api_name: 'deny' })).rejects.toEqual({ errMsg: 'invokeNativePlugin:fail user refused', errno: 103 });
    await expect(bridge.wx.invokeNativePlugin({ api_name: 'cancelMe' })).rejects.toEqual({ errMsg: 'invokeNativePlugin:fail cancel', errno: 1 });
  });

  test('custom APIs appear in the capability list and canIUse; none registered → invokeNativePlugin not offered', async () => {
    const withApis = makePair((host) => host.registerApi('scanBadge', { handler: () => ({}) }));
    const welcome = await withApis.bridge.ready;
    expect(welcome.capabilities).toEqual(expect.arrayContaining(['invokeNativePlugin', 'invokeNativePlugin.scanBadge']));
    expect(withApis.bridge.wx.canIUse('invokeNativePlugin.scanBadge')).toBe(true);
    expect(withApis.bridge.wx.canIUse('invokeNativePlugin.other')).toBe(false);
    const without = makePair();
    await without.bridge.ready;
    expect(without.bridge.wx.canIUse('invokeNativePlugin')).toBe(false);
  });

  test('interactive custom APIs are not timed out by the guest; others are', async () => {
    const { bridge } = makePair(
      (host) => {
        host.registerApi('slowSheet', { interactive: true, handler: () => new Promise((r) => setTimeout(() => r({ done: true }), 120)) });
        host.registerApi('slowQuery', { handler: () => new Promise((r) => setTimeout(() => r({ done: true }), 120)) });
      },
      { guest: { timeout: 40 } },
    );
    await expect(bridge.wx.invokeNativePlugin({ api_name: 'slowSheet' })).resolves.toEqual({ done: true, errMsg: 'invokeNativePlugin:ok' });
    await expect(bridge.wx.invokeNativePlugin({ api_name: 'slowQuery' })).rejects.toEqual({ errMsg: 'invokeNativePlugin:fail time out', errno: 5 });
  });

  test('a custom API cannot shadow a built-in one unless the integrator says so', async () => {
    const { host, bridge } = makePair();
    expect(() => host.registerApi('login', { handler: () => ({ code: 'x' }) })).toThrow('would shadow the built-in wx.login');
    expect(() => host.registerApi('bad name', { handler: () => ({}) })).toThrow('is not a valid API name');
    expect(() => host.registerApi('authorize', { overrideBuiltIn: true, handler: () => ({}) })).toThrow('built into the host');
    for (const extra of [{ params: {} }, { interactive: true }]) {
      expect(() => host.registerApi('login', { overrideBuiltIn: true, ...extra, handler: () => ({}) })).toThrow(
        'its params and interactive come from the catalogue',
      );
    }
    host.registerApi('login', { overrideBuiltIn: true, handler: () => ({ code: 'custom-login' }) });
    await expect(bridge.wx.login()).resolves.toEqual({ code: 'custom-login', errMsg: 'login:ok' });
  });
});

describe('payment, auth codes and open-type buttons', () => {
  const order = { timeStamp: '1700000000', nonceStr: 'n0nce', package: 'prepay_id=wx123', signType: 'RSA', paySign: 'sig' };

  test('requestPayment passes the handler result through; a cancel is requestPayment:fail cancel', async () => {
    let cancel = false;
    const { bridge } = makePair((host) =>
      host.handle('requestPayment', (params) => (cancel ? wxCancel() : { order_no: 'A1', package: params.package })),
    );
    await expect(bridge.wx.requestPayment(order)).resolves.toEqual({ order_no: 'A1', package: 'prepay_id=wx123', errMsg: 'requestPayment:ok' });
    cancel = true;
    await expect(bridge.wx.requestPayment(order)).rejects.toEqual({ errMsg: 'requestPayment:fail cancel', errno: 1 });
    await expect(bridge.wx.requestPayment({ ...order, paySign: undefined } as never)).rejects.toEqual({
      errMsg: 'requestPayment:fail parameter error: parameter.paySign should be String instead of Undefined;',
      errno: 1001,
    });
  });

  test("a payment's callbacks count as a tap for requestSubscribeMessage", async () => {
    const taps: boolean[] = [];
    const { bridge } = makePair((host) => {
      host.handle('requestPayment', () => ({}));
      host.registerApi('probe', { handler: (_d, ctx) => (taps.push(ctx.tap), {}) });
    });
    const outcome: string[] = [];
    bridge.wx.requestPayment({
      ...order,
      success() {
        bridge.wx.invokeNativePlugin({ api_name: 'probe' }); // sees the tap
        // Tap-gated: allowed here without a real tap (refused by the guest otherwise); uses the tap up.
        bridge.wx.requestSubscribeMessage({ tmplIds: ['t'], complete: (res) => outcome.push(res.errMsg) });
      },
    });
    // Both calls made in the payment's success callback answered (the probe's handler ran first: it was sent first).
    await until(() => outcome.length >= 1 && taps.length >= 1, () => `requestSubscribeMessage's answer and the probe's call (outcome ${JSON.stringify(outcome)}, taps ${JSON.stringify(taps)})`);
    expect(outcome).toEqual(['requestSubscribeMessage:fail not supported']);
    expect(taps).toEqual([true]);
    bridge.wx.requestSubscribeMessage({ tmplIds: ['t'], complete: (res) => outcome.push(res.errMsg) });
    await until(() => outcome.length >= 2, 'the second requestSubscribeMessage to complete');
    expect(outcome[1]).toBe('requestSubscribeMessage:fail can only be invoked by user TAP gesture.');
  });

  test('getAuthCode returns both code and authCode, with the scope lists the handler gives', async () => {
    const { bridge } = makePair((host) =>
      host.handle('getAuthCode', (params) => ({ authCode: 'ac-1', authSuccessScopes: params.scopes, authErrorScopes: {} })),
    );
    await expect(bridge.wx.getAuthCode({ scopes: ['CUSTOM_SCOPE_X', 'CUSTOM_SCOPE_Y'] })).resolves.toEqual({
      code: 'ac-1',
      authCode: 'ac-1',
      authSuccessScopes: ['CUSTOM_SCOPE_X', 'CUSTOM_SCOPE_Y'],
      authErrorScopes: {},
      errMsg: 'getAuthCode:ok',
    });
  });

  test('getPhoneNumber, getEmailAddress and chooseAvatar answer the button with its event detail', async () => {
    const { bridge } = makePair((host) => {
      host.handle('getPhoneNumber', () => ({ code: 'phone-once' }));
      host.handle('getEmailAddress', () => wxFail('user deny'));
      host.handle('chooseAvatar', () => ({ avatarUrl: 'https://img.example/me.png' }));
    });
    await bridge.ready;
    expect(bridge.wx.canIUse('button.open-type.getPhoneNumber')).toBe(true);
    await expect(bridge.runInTap(() => bridge.invokeOpenType('getPhoneNumber'))).resolves.toEqual({ code: 'phone-once', errMsg: 'getPhoneNumber:ok' });
    await expect(bridge.runInTap(() => bridge.invokeOpenType('getEmailAddress'))).resolves.toEqual({ errMsg: 'getEmailAddress:fail user deny' });
    await expect(bridge.runInTap(() => bridge.invokeOpenType('chooseAvatar'))).resolves.toEqual({
      avatarUrl: 'https://img.example/me.png',
      errMsg: 'chooseAvatar:ok',
    });
    await expect(bridge.invokeOpenType('getPhoneNumber')).resolves.toEqual({
      errMsg: 'getPhoneNumber:fail can only be invoked by user TAP gesture.',
    });
  });
});
