import type { AuthorizePromptRequest, HostOptions } from '@wxbridge/host';
import { arrivals, makePair, until } from '../../../tooling/test-support/pair';

function scopePair(options: HostOptions = {}, appId = 'wx-scopes') {
  return makePair(() => {}, { host: options, app: { appId } });
}

describe('authorize', () => {
  test('never asked → prompt; deny → auth deny (103); asked again → denied with no prompt', async () => {
    const prompt = jest.fn((_r: AuthorizePromptRequest) => false);
    const { bridge } = scopePair({ prompts: { authorize: prompt } });
    await expect(bridge.wx.authorize({ scope: 'scope.camera' })).rejects.toEqual({ errMsg: 'authorize:fail auth deny', errno: 103 });
    await expect(bridge.wx.authorize({ scope: 'scope.camera' })).rejects.toEqual({ errMsg: 'authorize:fail auth deny', errno: 103 });
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(prompt.mock.calls[0]![0]).toMatchObject({
      scope: 'scope.camera',
      description: 'the camera',
      user: 'anonymous',
      app: { appId: 'wx-scopes' },
    });
    expect(prompt.mock.calls[0]![0].signal).toBeInstanceOf(AbortSignal);
  });

  test('allow → ok; already granted → ok with no prompt', async () => {
    const prompt = jest.fn(async () => true);
    const { bridge } = scopePair({ prompts: { authorize: prompt } });
    await expect(bridge.wx.authorize({ scope: 'scope.record' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    await expect(bridge.wx.authorize({ scope: 'scope.record' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    expect(prompt).toHaveBeenCalledTimes(1);
  });

  test('ten concurrent calls for one scope raise one prompt and share its answer', async () => {
    let release: (allow: boolean) => void = () => {};
    const prompt = jest.fn(() => new Promise<boolean>((resolve) => (release = resolve)));
    const { bridge, host } = scopePair({ prompts: { authorize: prompt } });
    const arrived = arrivals(host);
    await bridge.ready;
    const calls = Array.from({ length: 10 }, () => bridge.wx.authorize({ scope: 'scope.userLocation' }).catch((e: unknown) => e));
    await until(() => arrived.length === 10 && prompt.mock.calls.length >= 1, 'the ten calls to reach the host and the prompt to show');
    expect(prompt).toHaveBeenCalledTimes(1);
    release(false);
    const results = await Promise.all(calls);
    expect(results).toEqual(Array(10).fill({ errMsg: 'authorize:fail auth deny', errno: 103 }));
  });

  test('one prompt on screen per mini program; others wait in order', async () => {
    const log: string[] = [];
    let arrived: string[] = [];
    const { bridge, host } = scopePair({
      prompts: {
        authorize: async ({ scope }) => {
          log.push('open ' + scope);
          // On screen until the three calls have reached the host: the other two wait their turn.
          await until(() => arrived.length === 3, 'the three calls to reach the host');
          log.push('close ' + scope);
          return true;
        },
      },
    });
    arrived = arrivals(host);
    await bridge.ready;
    await Promise.all(['scope.camera', 'scope.record', 'scope.bluetooth'].map((scope) => bridge.wx.authorize({ scope })));
    expect(log).toEqual([
      'open scope.camera',
      'close scope.camera',
      'open scope.record',
      'close scope.record',
      'open scope.bluetooth',
      'close scope.bluetooth',
    ]);
  });

  test('unknown scopes fail clearly; cancelled scopes always read as granted; custom scopes work', async () => {
    const prompt = jest.fn(() => true);
    const { bridge } = scopePair({ prompts: { authorize: prompt }, scopes: { custom: { 'scope.myWallet': { description: 'your wallet' } } } });
    await expect(bridge.wx.authorize({ scope: 'scope.nope' })).rejects.toEqual({
      errMsg: 'authorize:fail invalid scope: scope.nope is not a scope this host knows',
      errno: 101,
    });
    await expect(bridge.wx.authorize({ scope: 'scope.address' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    expect(prompt).not.toHaveBeenCalled();
    await expect(bridge.wx.authorize({ scope: 'scope.myWallet' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    expect(prompt).toHaveBeenCalledWith(expect.objectContaining({ scope: 'scope.myWallet', description: 'your wallet' }));
    await expect(bridge.wx.getSetting()).resolves.toEqual({
      authSetting: { 'scope.address': true, 'scope.myWallet': true },
      errMsg: 'getSetting:ok',
    });
  });

  test('every scope of the platform docs is known, scope.addFriend included', async () => {
    const seen: string[] = [];
    const { bridge } = scopePair({ prompts: { authorize: ({ scope }) => (seen.push(scope), true) }, promptsPerMinute: 20 });
    const scopes = [
      'scope.userInfo', 'scope.userLocation', 'scope.userFuzzyLocation', 'scope.userLocationBackground', 'scope.record',
      'scope.camera', 'scope.bluetooth', 'scope.writePhotosAlbum', 'scope.addPhoneContact', 'scope.addPhoneCalendar',
      'scope.werun', 'scope.addFriend',
    ];
    for (const scope of scopes) await expect(bridge.wx.authorize({ scope })).resolves.toEqual({ errMsg: 'authorize:ok' });
    expect(seen).toEqual(scopes);
  });

  test('an app may be limited to the scopes it declared', async () => {
    const { bridge } = scopePair({
      prompts: { authorize: () => true },
      scopes: { allowed: (app) => (app.appId === 'wx-scopes' ? ['scope.camera'] : undefined) },
    });
    await expect(bridge.wx.authorize({ scope: 'scope.camera' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    await expect(bridge.wx.authorize({ scope: 'scope.record' })).rejects.toEqual({
      errMsg: 'authorize:fail scope scope.record is not allowed for this mini program',
      errno: 102,
    });
  });

  test('without a prompt hook authorize is not offered; it is built in, so handle() refuses it', async () => {
    const { bridge, host } = scopePair();
    await expect(bridge.wx.authorize({ scope: 'scope.camera' })).rejects.toEqual({ errMsg: 'authorize:fail not supported', errno: 100 });
    expect(bridge.wx.canIUse('authorize')).toBe(false);
    expect(bridge.wx.canIUse('getSetting')).toBe(true);
    expect(() => host.handle('authorize', () => ({}))).toThrow('built into the host');
  });

  test('a mini program raising prompts too often is refused (errno 1003) without a prompt', async () => {
    const prompt = jest.fn(() => false);
    const { bridge } = scopePair({ prompts: { authorize: prompt }, promptsPerMinute: 2 });
    await bridge.wx.authorize({ scope: 'scope.camera' }).catch(() => {});
    await bridge.wx.authorize({ scope: 'scope.record' }).catch(() => {});
    await expect(bridge.wx.authorize({ scope: 'scope.werun' })).rejects.toEqual({
      errMsg: 'authorize:fail too many prompts, try again later',
      errno: 1003,
    });
    expect(prompt).toHaveBeenCalledTimes(2);
  });

  test('the prompt is told to close when the mini program leaves', async () => {
    let signal: AbortSignal | undefined;
    const { bridge } = scopePair({
      prompts: { authorize: (request) => ((signal = request.signal), new Promise<boolean>(() => {})) },
    });
    await bridge.ready;
    void bridge.wx.authorize({ scope: 'scope.camera' }).catch(() => {});
    await until(() => signal !== undefined, 'the prompt to show');
    expect(signal?.aborted).toBe(false);
    bridge.dispose();
    await until(() => signal?.aborted, 'the prompt to be told to close');
    expect(signal?.aborted).toBe(true);
  });
});

describe('getSetting and openSetting', () => {
  test('getSetting lists only scopes already asked; withSubscriptions adds the subscription settings', async () => {
    const { bridge } = scopePair({ prompts: { authorize: ({ scope }) => scope === 'scope.camera' } });
    await expect(bridge.wx.getSetting()).resolves.toEqual({ authSetting: {}, errMsg: 'getSetting:ok' });
    await bridge.wx.authorize({ scope: 'scope.camera' });
    await bridge.wx.authorize({ scope: 'scope.record' }).catch(() => {});
    await expect(bridge.wx.getSetting({ withSubscriptions: true })).resolves.toEqual({
      authSetting: { 'scope.camera': true, 'scope.record': false },
      subscriptionsSetting: { mainSwitch: true, itemSettings: {} },
      errMsg: 'getSetting:ok',
    });
  });

  test('openSetting needs a tap, shows the settings hook and can flip a denial', async () => {
    const settings = jest.fn((request: { authSetting: Record<string, boolean> }) => ({
      ...request.authSetting,
      'scope.camera': true,
      'scope.werun': true, // never asked: ignored
    }));
    const authorizePrompt = jest.fn(() => false);
    const { bridge } = scopePair({ prompts: { authorize: authorizePrompt, settings } });
    await bridge.wx.authorize({ scope: 'scope.camera' }).catch(() => {});
    await expect(bridge.wx.openSetting()).rejects.toEqual({ errMsg: 'openSetting:fail can only be invoked by user TAP gesture.' });
    expect(settings).not.toHaveBeenCalled();
    await expect(bridge.runInTap(() => bridge.wx.openSetting())).resolves.toEqual({
      authSetting: { 'scope.camera': true },
      errMsg: 'openSetting:ok',
    });
    expect(settings).toHaveBeenCalledWith(expect.objectContaining({ authSetting: { 'scope.camera': false } }));
    await expect(bridge.wx.authorize({ scope: 'scope.camera' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    expect(authorizePrompt).toHaveBeenCalledTimes(1);
  });
});

describe('decisions per user and app', () => {
  test('switching the signed-in user never shows another user’s decisions', async () => {
    let user = 'alice';
    const { bridge } = scopePair({ user: () => user, prompts: { authorize: () => true } });
    await bridge.wx.authorize({ scope: 'scope.camera' });
    await expect(bridge.wx.getSetting()).resolves.toMatchObject({ authSetting: { 'scope.camera': true } });
    user = 'bob';
    await expect(bridge.wx.getSetting()).resolves.toEqual({ authSetting: {}, errMsg: 'getSetting:ok' });
    user = 'alice';
    await expect(bridge.wx.getSetting()).resolves.toMatchObject({ authSetting: { 'scope.camera': true } });
  });

  test('decisions are per app: another mini program of the same user starts fresh', async () => {
    const { MemoryStore } = await import('@wxbridge/host');
    const store = new MemoryStore();
    const first = scopePair({ store, prompts: { authorize: () => true } }, 'wx-one');
    await first.bridge.wx.authorize({ scope: 'scope.camera' });
    const second = scopePair({ store, prompts: { authorize: () => true } }, 'wx-two');
    await expect(second.bridge.wx.getSetting()).resolves.toEqual({ authSetting: {}, errMsg: 'getSetting:ok' });
    const again = scopePair({ store, prompts: { authorize: () => true } }, 'wx-one');
    await expect(again.bridge.wx.getSetting()).resolves.toMatchObject({ authSetting: { 'scope.camera': true } });
  });
});

describe('prompts that misbehave', () => {
  test('a hook that never settles does not block later prompts once its mini program leaves', async () => {
    const { MemoryStore } = await import('@wxbridge/host');
    const store = new MemoryStore();
    let calls = 0;
    let stuckSignal: AbortSignal | undefined;
    const options: HostOptions = {
      store,
      prompts: { authorize: ({ signal }) => (++calls === 1 ? ((stuckSignal = signal), new Promise<boolean>(() => {})) : true) },
    };
    const stuck = scopePair(options, 'wx-stuck');
    await stuck.bridge.ready;
    void stuck.bridge.wx.authorize({ scope: 'scope.camera' }).catch(() => {});
    await until(() => calls === 1, 'the stuck prompt to show');
    stuck.bridge.dispose(); // the mini program leaves: its prompt's signal fires
    await until(() => stuckSignal?.aborted, "the stuck prompt's signal to fire");
    const again = scopePair(options, 'wx-stuck');
    await expect(again.bridge.wx.authorize({ scope: 'scope.camera' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    expect(calls).toBe(2);
  });

  test('a dialog closed because the mini program left is not stored as a denial', async () => {
    const { MemoryStore } = await import('@wxbridge/host');
    const store = new MemoryStore();
    let shown: AbortSignal | undefined;
    const options: HostOptions = {
      store,
      prompts: {
        authorize: ({ signal }) => ((shown = signal), new Promise<boolean>((resolve) => signal.addEventListener('abort', () => resolve(false)))),
      },
    };
    const first = scopePair(options, 'wx-close');
    await first.bridge.ready;
    void first.bridge.wx.authorize({ scope: 'scope.camera' }).catch(() => {});
    await until(() => shown !== undefined, 'the dialog to show');
    first.bridge.dispose();
    await until(() => shown?.aborted, 'the dialog to be told to close');
    const second = scopePair({ store }, 'wx-close');
    await expect(second.bridge.wx.getSetting()).resolves.toEqual({ authSetting: {}, errMsg: 'getSetting:ok' });
  });

  test('one prompt at a time per mini program, even across its connections', async () => {
    const log: string[] = [];
    let arrived: string[] = [];
    const options: HostOptions = {
      prompts: {
        authorize: async ({ scope }) => {
          log.push('open ' + scope);
          // On screen until both tabs' calls have reached the host: the other one waits its turn.
          await until(() => arrived.length === 2, "both tabs' calls to reach the host");
          log.push('close ' + scope);
          return true;
        },
      },
    };
    const { createHost, createPortTransport } = await import('@wxbridge/host');
    const { connectGuest } = await import('@wxbridge/guest');
    const host = createHost(options);
    arrived = arrivals(host);
    const { onCleanup } = await import('../../../tooling/test-support/pair');
    const bridges = ['scope.camera', 'scope.record'].map(() => {
      const { port1, port2 } = new MessageChannel();
      host.connect(createPortTransport(port1), { appId: 'wx-two-tabs' });
      const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
      onCleanup(() => (bridge.dispose(), port1.close()));
      return bridge;
    });
    onCleanup(() => host.dispose());
    await Promise.all([bridges[0]!.wx.authorize({ scope: 'scope.camera' }), bridges[1]!.wx.authorize({ scope: 'scope.record' })]);
    expect(log).toEqual(['open scope.camera', 'close scope.camera', 'open scope.record', 'close scope.record']);
  });

  test('promptsPerMinute must be a positive integer', async () => {
    const { createHost } = await import('@wxbridge/host');
    for (const bad of [0, -1, 1.5, NaN]) expect(() => createHost({ promptsPerMinute: bad })).toThrow('promptsPerMinute must be a positive integer');
  });
});
