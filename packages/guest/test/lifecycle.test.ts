import { connectGuest } from '@wxbridge/guest';
import { createHost, createPortTransport } from '@wxbridge/host';
import { WIRE_MARKER } from '@wxbridge/protocol';
import { welcomeFor } from '../../tooling/test-support/envelopes';
import { makePair, onCleanup, until, type Pair } from '../../tooling/test-support/pair';

// Every pair is closed after each test by the shared clean-up (test-support/cleanup.ts).
let pair: Pair | undefined;

describe('handshake and queued calls', () => {
  test('calls made before the host exists are queued and answered once it connects', async () => {
    // The guest's clock is faked while the calls wait: 300 ms pass at once (longer than the call
    // timeout), and a deadline armed for a queued call would fire during the advance, failing it.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate'] });
    onCleanup(() => jest.useRealTimers());
    const { port1, port2 } = new MessageChannel();
    const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null, timeout: 100 });
    onCleanup(() => (bridge.dispose(), port1.close()));
    const early = bridge.wx.login();
    const results: unknown[] = [];
    let failed: unknown;
    early.catch((error) => (failed = error));
    bridge.wx.login({ complete: (res) => results.push(res) });
    expect(bridge.connected).toBe(false);
    await jest.advanceTimersByTimeAsync(300); // longer than the call timeout: queued calls are not timed out while waiting
    expect(results).toEqual([]);
    expect(failed).toBeUndefined();
    // The hellos said while the clock was faked wait in the port until the host listens.
    jest.useRealTimers();
    const host = createHost();
    onCleanup(() => host.dispose());
    host.handle('login', () => ({ code: 'late' }));
    host.connect(createPortTransport(port1), { appId: 'wx-late' });
    await expect(early).resolves.toEqual({ code: 'late', errMsg: 'login:ok' });
    await until(() => results.length > 0, 'the second call to complete');
    expect(results).toEqual([{ code: 'late', errMsg: 'login:ok' }]);
    const welcome = await bridge.ready;
    expect(welcome.host).toEqual({ name: 'wxbridge-host', version: '0.0.0' });
    expect(bridge.connected).toBe(true);
    bridge.dispose();
    host.dispose();
  });

  test('the welcome carries the account snapshot, capabilities and limits', async () => {
    pair = makePair((host) => host.handle('login', () => ({ code: '1' })), {
      app: { appId: 'wx-app', envVersion: 'release', version: '2.0.1' },
      host: { name: 'super', version: '3.1.0', limits: { maxInFlight: 8 } },
    });
    const welcome = await pair.bridge.ready;
    expect(welcome).toMatchObject({
      protocol: 1,
      host: { name: 'super', version: '3.1.0' },
      account: { miniProgram: { appId: 'wx-app', envVersion: 'release', version: '2.0.1' } },
      // login (a handler), the sync APIs, and what the host implements itself without options.
      capabilities: ['login', 'getAccountInfoSync', 'getSetting', 'getPrivacySetting', 'requirePrivacyAuthorize', 'canIUse'],
      limits: { maxInFlight: 8 },
    });
  });
});

describe('sync APIs answer from the snapshot', () => {
  test('getAccountInfoSync throws a clear error before the handshake, then returns a copy of the snapshot', async () => {
    pair = makePair(() => {}, { app: { appId: 'wx-sync', envVersion: 'trial', version: '9.9.9' } });
    expect(() => pair!.bridge.wx.getAccountInfoSync()).toThrow(
      'getAccountInfoSync:fail the mini program is not connected to a host yet',
    );
    await pair.bridge.ready;
    const info = pair.bridge.wx.getAccountInfoSync();
    // Only release builds report their version number.
    expect(info).toEqual({ miniProgram: { appId: 'wx-sync', envVersion: 'trial', version: '' } });
    info.miniProgram.appId = 'changed';
    expect(pair.bridge.wx.getAccountInfoSync().miniProgram.appId).toBe('wx-sync');
  });

  test('canIUse answers synchronously from the catalogue and the host capabilities', async () => {
    pair = makePair((host) => host.handle('login', () => ({ code: '1' })));
    const { wx } = pair.bridge;
    expect(wx.canIUse('login')).toBe(false); // not connected yet: the host's capabilities are unknown
    expect(wx.canIUse('canIUse')).toBe(true);
    // Below the API names the schemas come with the host's welcome: nothing before it.
    expect(wx.canIUse('getAccountInfoSync.return.miniProgram.envVersion')).toBe(false);
    await pair.bridge.ready;
    expect(wx.canIUse('login')).toBe(true);
    expect(wx.canIUse('login.success.code')).toBe(true);
    expect(wx.canIUse('login.object.timeout')).toBe(true);
    expect(wx.canIUse('checkSession')).toBe(false);
    expect(wx.canIUse('getAccountInfoSync.return.miniProgram.envVersion')).toBe(true);
    expect(wx.canIUse('__proto__')).toBe(false);
    expect(wx.canIUse(undefined as unknown as string)).toBe(false);
  });
});

describe('timeouts by class', () => {
  test('a non-interactive call fails with "time out" (errno 5) and the host handler is aborted', async () => {
    let aborted: unknown;
    pair = makePair(
      (host) =>
        host.handle('login', (_params, ctx) => {
          ctx.signal.addEventListener('abort', () => (aborted = ctx.signal.reason));
          return new Promise(() => {});
        }),
      { guest: { timeout: 60 } },
    );
    const started = Date.now();
    await expect(pair.bridge.wx.login()).rejects.toEqual({ errMsg: 'login:fail time out', errno: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    await until(() => aborted !== undefined, "the guest's cancel to abort the host handler");
    expect(aborted).toBe('time out');
    expect(pair.bridge.pendingCount).toBe(0);
  });

  test("login's own timeout parameter sets its limit", async () => {
    pair = makePair((host) => host.handle('login', () => new Promise(() => {})), { guest: { timeout: 10_000 } });
    await expect(pair.bridge.wx.login({ timeout: 40 })).rejects.toEqual({ errMsg: 'login:fail time out', errno: 5 });
  });

  test('interactive calls are not cut short by the default timeout', async () => {
    pair = makePair(
      (host) => host.handle('getAuthCode', () => new Promise((resolve) => setTimeout(() => resolve({ code: 'c' }), 150))),
      { guest: { timeout: 30 } },
    );
    await expect(pair.bridge.wx.getAuthCode({ scopes: ['record'] })).resolves.toEqual({ code: 'c', authCode: 'c', errMsg: 'getAuthCode:ok' });
  });

  test('interactiveTimeout limits interactive calls when set', async () => {
    pair = makePair((host) => host.handle('getAuthCode', () => new Promise(() => {})), { guest: { interactiveTimeout: 40 } });
    await expect(pair.bridge.wx.getAuthCode({ scopes: ['record'] })).rejects.toEqual({
      errMsg: 'getAuthCode:fail time out',
      errno: 5,
    });
  });
});

describe('dispose', () => {
  test('settles every pending and queued call with a fail, and later calls fail too', async () => {
    let signal: AbortSignal | undefined;
    pair = makePair(
      (host) =>
        host.handle('getAuthCode', (_p, ctx) => {
          signal = ctx.signal;
          return new Promise(() => {});
        }),
      { host: { limits: { maxInFlight: 1 } } },
    );
    await pair.bridge.ready;
    const first = pair.bridge.wx.getAuthCode({ scopes: ['camera'] });
    const queued = pair.bridge.wx.getAuthCode({ scopes: ['record'] }); // waits: one call in flight at most
    await until(() => signal, 'the first call to reach the host handler');
    expect(pair.bridge.pendingCount).toBe(2);
    pair.bridge.dispose();
    expect(pair.bridge.connected).toBe(false);
    await expect(first).rejects.toEqual({ errMsg: 'getAuthCode:fail bridge disposed' });
    await expect(queued).rejects.toEqual({ errMsg: 'getAuthCode:fail bridge disposed' });
    await expect(pair.bridge.wx.getAuthCode({ scopes: ['camera'] })).rejects.toEqual({
      errMsg: 'getAuthCode:fail bridge disposed',
    });
    await until(() => signal?.aborted, "the guest's goodbye to abort the host handler");
    expect(signal?.aborted).toBe(true);
    expect(pair.bridge.pendingCount).toBe(0);
  });
});

describe('responses the guest did not ask for', () => {
  test('forged, unknown and duplicate response ids are ignored', async () => {
    const { port1, port2 } = new MessageChannel();
    const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
    onCleanup(() => (bridge.dispose(), port1.close()));
    const seen: unknown[] = [];
    port1.addEventListener('message', (event) => {
      const message = event.data as { kind: string; id: number; session: string };
      if (message.kind === 'hello') {
        port1.postMessage(welcomeFor(message.session));
      }
      if (message.kind === 'request') {
        const respond = (code: string) =>
          port1.postMessage({ wxbridge: WIRE_MARKER, kind: 'response', id: message.id, ok: true, result: { errMsg: 'login:ok', code } });
        port1.postMessage({ wxbridge: WIRE_MARKER, kind: 'response', id: message.id + 100, ok: true, result: { errMsg: 'login:ok', code: 'forged' } });
        respond('real');
        respond('duplicate');
      }
    });
    port1.start();
    bridge.wx.login({ complete: (res) => seen.push(res) });
    await until(() => seen.length > 0, 'the call to complete');
    // A barrier: this second call's real answer is posted after the first call's duplicate, on the
    // same port, so once it has resolved the duplicate has been read (and must have been ignored).
    await expect(bridge.wx.login()).resolves.toEqual({ errMsg: 'login:ok', code: 'real' });
    expect(seen).toEqual([{ errMsg: 'login:ok', code: 'real' }]);
    bridge.dispose();
    port1.close();
  });
});

describe('host goodbye and reconnection', () => {
  test('pending calls fail when the host leaves; the guest reconnects when a host appears again', async () => {
    const { port1, port2 } = new MessageChannel();
    const hostSide = () => ({ ...createPortTransport(port1), close: undefined });
    const first = createHost();
    onCleanup(() => (first.dispose(), port1.close(), port2.close()));
    let started = false;
    first.handle('getAuthCode', () => ((started = true), new Promise(() => {})));
    const connection = first.connect(hostSide(), { appId: 'wx-a' });
    const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
    await bridge.ready;
    const pending = bridge.wx.getAuthCode({ scopes: ['camera'] });
    await until(() => started, 'the call to reach the host handler');
    connection.dispose();
    await expect(pending).rejects.toEqual({ errMsg: 'getAuthCode:fail host disconnected' });
    expect(bridge.connected).toBe(false);

    const queued = bridge.wx.login();
    const second = createHost({ name: 'second' });
    onCleanup(() => second.dispose());
    second.handle('login', () => ({ code: 'again' }));
    second.connect(hostSide(), { appId: 'wx-a' });
    await expect(queued).resolves.toEqual({ code: 'again', errMsg: 'login:ok' });
    expect((await bridge.ready).host.name).toBe('second');
    bridge.dispose();
    second.dispose();
    port1.close();
  });
});
