import { wxCancel, wxFail, WxError } from '@wxbridge/host';
import { makePair, onCleanup, rawPair, until, type Pair } from '../../../tooling/test-support/pair';

// Every pair is closed after each test by the shared clean-up (test-support/cleanup.ts).
let pair: Pair | undefined;

describe('v1 semantics: the host provides what the API returns', () => {
  test('the returned object reaches success as is, custom fields included, with errMsg added', async () => {
    pair = makePair((host) => host.handle('login', () => ({ code: 'c1', openid: 'o1', nested: { a: [1, 2] } })));
    await expect(pair.bridge.wx.login()).resolves.toEqual({ code: 'c1', openid: 'o1', nested: { a: [1, 2] }, errMsg: 'login:ok' });
  });

  test('a handler cannot forge errMsg, even another API’s prefix', async () => {
    pair = makePair((host) => host.handle('login', () => ({ code: 'c', errMsg: 'requestPayment:ok' })));
    await expect(pair.bridge.wx.login()).resolves.toEqual({ code: 'c', errMsg: 'login:ok' });
  });

  test('returning nothing is a bare success', async () => {
    pair = makePair((host) => host.handle('checkSession', () => undefined));
    await expect(pair.bridge.wx.checkSession()).resolves.toEqual({ errMsg: 'checkSession:ok' });
  });

  test('throwing or returning a WxError composes <api>:fail <reason> with errno, errCode and extra fields', async () => {
    pair = makePair((host) => {
      host.handle('checkSession', () => {
        throw wxFail('session time out, need relogin', { errno: 1021 });
      });
      host.handle('startSoterAuthentication', () =>
        wxFail('no fingerprint enrolled', {
          errCode: 90011,
          data: { authMode: 'fingerPrint', resultJSON: '', resultJSONSignature: '', errMsg: 'forged' },
        }),
      );
      host.handle('getAuthCode', async () => {
        throw new WxError('auth deny', { errno: 103 });
      });
    });
    const { wx } = pair.bridge;
    await expect(wx.checkSession()).rejects.toEqual({ errMsg: 'checkSession:fail session time out, need relogin', errno: 1021 });
    await expect(wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c' })).rejects.toEqual({
      authMode: 'fingerPrint',
      resultJSON: '',
      resultJSONSignature: '',
      errCode: 90011,
      errMsg: 'startSoterAuthentication:fail no fingerprint enrolled',
    });
    await expect(wx.getAuthCode({ scopes: ['record'] })).rejects.toEqual({ errMsg: 'getAuthCode:fail auth deny', errno: 103 });
  });

  test('a cancel becomes <api>:fail cancel with errno 1', async () => {
    pair = makePair((host) => host.handle('requestPayment', () => wxCancel()));
    await expect(
      pair.bridge.wx.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' }),
    ).rejects.toEqual({ errMsg: 'requestPayment:fail cancel', errno: 1 });
  });

  test('an unexpected exception becomes internal error (errno 4), with nothing of it sent to the guest', async () => {
    const errors: unknown[] = [];
    pair = makePair((host) => {
      host.handle('login', () => {
        throw new Error('database password is hunter2');
      });
      host.on('error', (info) => errors.push(info));
    });
    const result = await pair.bridge.wx.login().catch((e: unknown) => e);
    expect(result).toEqual({ errMsg: 'login:fail internal error', errno: 4 });
    expect(JSON.stringify(result)).not.toMatch(/hunter2|at |Error/);
    expect(errors).toEqual([expect.objectContaining({ phase: 'handler', api: 'login', error: expect.any(Error) })]);
  });

  test('rejections, non-object returns and unsendable results also become internal error', async () => {
    pair = makePair((host) => {
      host.handle('login', () => Promise.reject(new TypeError('nope')));
      host.handle('checkSession', () => 'ok' as never);
      host.handle('requestPayment', () => ({ callback: () => 1 }) as never);
    });
    const { wx } = pair.bridge;
    await expect(wx.login()).rejects.toEqual({ errMsg: 'login:fail internal error', errno: 4 });
    await expect(wx.checkSession()).rejects.toEqual({ errMsg: 'checkSession:fail internal error', errno: 4 });
    await expect(wx.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'p', signType: 'RSA', paySign: 's' })).rejects.toEqual({
      errMsg: 'requestPayment:fail internal error',
      errno: 4,
    });
  });
});

describe('what the host refuses before any handler runs', () => {
  test('an API with no handler fails at once with not supported (errno 100)', async () => {
    pair = makePair();
    await expect(pair.bridge.wx.getUserInfo()).rejects.toEqual({ errMsg: 'getUserInfo:fail not supported', errno: 100 });
  });

  test('parameters are validated against the catalogue (errno 1001) and the handler never runs', async () => {
    const handler = jest.fn(() => ({ code: 'c' }));
    pair = makePair((host) => host.handle('getAuthCode', handler));
    await expect(pair.bridge.wx.getAuthCode({} as never)).rejects.toEqual({
      errMsg: 'getAuthCode:fail parameter error: parameter.scopes should be Array instead of Undefined;',
      errno: 1001,
    });
    await expect(pair.bridge.wx.getAuthCode({ scopes: 42 } as never)).rejects.toEqual({
      errMsg: 'getAuthCode:fail parameter error: parameter.scopes should be Array instead of Number;',
      errno: 1001,
    });
    expect(handler).not.toHaveBeenCalled();
  });

  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'constructor.constructor', 'valueOf', 'getAccountInfoSync', 'canIUse', 'onNeedPrivacyAuthorization', 'noSuchApi'])(
    'the API name %j is simply not supported',
    async (api) => {
      const { guest, close } = rawPair((host) => host.handle('login', () => ({ code: 'x' })));
      guest.hello();
      guest.request(1, api, { scope: 'x' });
      expect((await guest.response(1)).result).toEqual({ errMsg: `${api}:fail not supported`, errno: 100 });
      expect(({} as Record<string, unknown>).scope).toBeUndefined();
      close();
    },
  );

  test('handle() refuses names that are not async APIs or open-types of the catalogue', () => {
    pair = makePair();
    for (const api of ['__proto__', 'canIUse', 'getAccountInfoSync', 'onNeedPrivacyAuthorization', 'custom']) {
      expect(() => pair!.host.handle(api as never, () => ({}))).toThrow('is not an async API');
    }
    expect(() => pair!.host.handle('login', 'nope' as never)).toThrow('must be a function');
  });

  test('unregistering a handler makes the API unsupported again', async () => {
    pair = makePair();
    const off = pair.host.handle('login', () => ({ code: 'x' }));
    await expect(pair.bridge.wx.login()).resolves.toMatchObject({ errMsg: 'login:ok' });
    off();
    await expect(pair.bridge.wx.login()).rejects.toEqual({ errMsg: 'login:fail not supported', errno: 100 });
  });
});

describe('the call context', () => {
  test('the app identity comes from the connection, never from the request', async () => {
    const seen: unknown[] = [];
    pair = makePair((host) => host.handle('login', (params, ctx) => void seen.push([ctx.app, params])), {
      app: { appId: 'wx-real', envVersion: 'develop' },
    });
    await (pair.bridge.wx.login as (o: object) => Promise<unknown>)({ appId: 'wx-victim' });
    expect(seen).toEqual([[{ appId: 'wx-real', envVersion: 'develop', version: '' }, { appId: 'wx-victim' }]]);
    expect(Object.isFrozen((seen[0] as [object])[0])).toBe(true);
  });

  test('ctx carries the api, id, connection and a signal that is not aborted during a normal call', async () => {
    let ctxSeen: import('@wxbridge/host').CallContext | undefined;
    pair = makePair((host) =>
      host.handle('login', (_p, ctx) => {
        ctxSeen = ctx;
        return { code: String(ctx.signal.aborted) };
      }),
    );
    await expect(pair.bridge.wx.login()).resolves.toEqual({ code: 'false', errMsg: 'login:ok' });
    expect(ctxSeen).toMatchObject({ api: 'login', id: 1, tap: false });
    expect([...pair.host.connections]).toContain(ctxSeen!.connection);
  });
});

describe('one host, many connections', () => {
  test('each connection is bound to its own app and can be disposed on its own', async () => {
    const { createHost, createPortTransport } = await import('@wxbridge/host');
    const { connectGuest } = await import('@wxbridge/guest');
    const host = createHost();
    onCleanup(() => host.dispose());
    host.handle('login', (_p, ctx) => ({ code: 'code-for-' + ctx.app.appId }));
    const guests = ['wx-a', 'wx-b', 'wx-c'].map((appId) => {
      const { port1, port2 } = new MessageChannel();
      const connection = host.connect(createPortTransport(port1), { appId });
      const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
      onCleanup(() => (bridge.dispose(), port1.close(), port2.close()));
      return { appId, connection, bridge };
    });
    const codes = await Promise.all(guests.map((g) => g.bridge.wx.login()));
    expect(codes.map((c) => c.code)).toEqual(['code-for-wx-a', 'code-for-wx-b', 'code-for-wx-c']);
    expect(host.connections.size).toBe(3);

    guests[1]!.connection.dispose();
    await until(() => !guests[1]!.bridge.connected, 'the goodbye to reach the guest');
    expect(host.connections.size).toBe(2);
    expect(guests[1]!.bridge.connected).toBe(false);
    await expect(guests[0]!.bridge.wx.login()).resolves.toMatchObject({ code: 'code-for-wx-a' });
    await expect(guests[2]!.bridge.wx.login()).resolves.toMatchObject({ code: 'code-for-wx-c' });
    for (const g of guests) g.bridge.dispose();
    host.dispose();
    expect(host.connections.size).toBe(0);
  });

  test('connect() refuses a bad app identity or transport', () => {
    pair = makePair();
    const { port1 } = new MessageChannel();
    const transport = { send: () => {}, listen: () => () => {} };
    expect(() => pair!.host.connect(transport, { appId: '' })).toThrow('app.appId must be a non-empty string');
    expect(() => pair!.host.connect(transport, { appId: 'a', envVersion: 'beta' as never })).toThrow('app.envVersion must be one of');
    expect(() => pair!.host.connect({} as never, { appId: 'a' })).toThrow('transport must be a Transport');
    port1.close();
  });
});
