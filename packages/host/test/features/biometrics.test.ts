import { connectGuest, type GuestOptions } from '@wxbridge/guest';
import {
  createHost,
  createPortTransport,
  type BiometricDevice,
  type HostOptions,
  type ResultInfo,
  type SoterAuthOutcome,
  type SoterAuthRequest,
  type SoterMode,
} from '@wxbridge/host';
import { arrivals, makePair, onCleanup, until } from '../../../tooling/test-support/pair';

const SIGNED = { ok: true, resultJSON: '{"raw":"c"}', resultJSONSignature: 'c2ln' } as const;

interface FakeDevice extends BiometricDevice {
  authenticate: jest.Mock<SoterAuthOutcome | Promise<SoterAuthOutcome>, [SoterAuthRequest]>;
}

function fakeDevice(
  supported: readonly SoterMode[],
  enrolled: readonly SoterMode[] = supported,
  authenticate: (request: SoterAuthRequest) => SoterAuthOutcome | Promise<SoterAuthOutcome> = () => SIGNED,
): FakeDevice {
  return { supportedModes: () => supported, enrolledModes: async () => enrolled, authenticate: jest.fn(authenticate) };
}

function soterPair(device: BiometricDevice | undefined, options: HostOptions = {}, guest: Partial<GuestOptions> = {}) {
  return makePair(() => {}, { host: { biometrics: device, ...options }, guest, app: { appId: 'wx-soter', envVersion: 'release' } });
}

/** The fail result of startSoterAuthentication, with SOTER's fields. */
function soterFail(authMode: string, errCode: number, reason: string) {
  return { authMode, resultJSON: '', resultJSONSignature: '', errCode, errMsg: `startSoterAuthentication:fail ${reason}` };
}

const start = (wx: ReturnType<typeof soterPair>['bridge']['wx'], params: Parameters<typeof wx.startSoterAuthentication>[0]) =>
  wx.startSoterAuthentication(params).then(
    (ok: unknown) => ({ ok }),
    (fail: unknown) => ({ fail }),
  );

describe('without options.biometrics', () => {
  test('the three APIs are not supported, and the integrator may still answer them with host.handle', async () => {
    const { bridge, host } = soterPair(undefined);
    expect(host.capabilities()).not.toEqual(expect.arrayContaining(['checkIsSupportSoterAuthentication']));
    await expect(bridge.wx.checkIsSupportSoterAuthentication()).rejects.toEqual({
      errMsg: 'checkIsSupportSoterAuthentication:fail not supported',
      errno: 100,
    });
    await expect(bridge.wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'facial' })).rejects.toEqual({
      errMsg: 'checkIsSoterEnrolledInDevice:fail not supported',
      errno: 100,
    });
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c' })).rejects.toEqual({
      errMsg: 'startSoterAuthentication:fail not supported',
      errno: 100,
    });
    expect(() => host.handle('checkIsSupportSoterAuthentication', () => ({ supportMode: [] }))).not.toThrow();
  });
});

describe('with options.biometrics', () => {
  test('the APIs are built in: offered, and host.handle refuses them', () => {
    const { host } = soterPair(fakeDevice(['fingerPrint']));
    expect(host.capabilities({ appId: 'wx-soter' })).toEqual(
      expect.arrayContaining(['checkIsSupportSoterAuthentication', 'checkIsSoterEnrolledInDevice', 'startSoterAuthentication']),
    );
    for (const api of ['checkIsSupportSoterAuthentication', 'checkIsSoterEnrolledInDevice', 'startSoterAuthentication'] as const) {
      expect(() => host.handle(api, () => undefined)).toThrow(`host.handle: ${api} is built into the host`);
    }
  });

  test('an adapter missing a method is refused when the host is created', () => {
    expect(() => createHost({ biometrics: { supportedModes: () => [] } as unknown as BiometricDevice })).toThrow(
      'createHost: biometrics must implement supportedModes(), enrolledModes() and authenticate()',
    );
  });
});

describe('checkIsSupportSoterAuthentication', () => {
  test('an empty list is still success', async () => {
    const { bridge } = soterPair(fakeDevice([]));
    await expect(bridge.wx.checkIsSupportSoterAuthentication()).resolves.toEqual({
      supportMode: [],
      errMsg: 'checkIsSupportSoterAuthentication:ok',
    });
  });

  test("the adapter's modes, in its order, without repeats or unknown modes (sync or async adapter)", async () => {
    const device = fakeDevice([]);
    device.supportedModes = async () => ['facial', 'iris' as SoterMode, 'facial', 'fingerPrint'];
    const { bridge } = soterPair(device);
    await expect(bridge.wx.checkIsSupportSoterAuthentication()).resolves.toEqual({
      supportMode: ['facial', 'fingerPrint'],
      errMsg: 'checkIsSupportSoterAuthentication:ok',
    });
  });

  test('an adapter that throws gives internal error, with nothing of its message', async () => {
    const device = fakeDevice([]);
    device.supportedModes = () => {
      throw new Error('sensor driver secret');
    };
    const errors: unknown[] = [];
    const { bridge } = makePair((host) => host.on('error', (info) => errors.push(info.error)), { host: { biometrics: device } });
    await expect(bridge.wx.checkIsSupportSoterAuthentication()).rejects.toEqual({
      errMsg: 'checkIsSupportSoterAuthentication:fail internal error',
      errno: 4,
    });
    expect(errors).toEqual([expect.objectContaining({ message: 'sensor driver secret' })]);
  });
});

describe('checkIsSoterEnrolledInDevice', () => {
  test('enrolled, not enrolled, and a mode the device does not support (false, success)', async () => {
    const device = fakeDevice(['fingerPrint', 'facial'], ['fingerPrint', 'speech']);
    const { bridge } = soterPair(device);
    const ok = { errMsg: 'checkIsSoterEnrolledInDevice:ok' };
    await expect(bridge.wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'fingerPrint' })).resolves.toEqual({ isEnrolled: true, ...ok });
    await expect(bridge.wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'facial' })).resolves.toEqual({ isEnrolled: false, ...ok });
    // Reported as enrolled, but the device does not support it.
    await expect(bridge.wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'speech' })).resolves.toEqual({ isEnrolled: false, ...ok });
  });

  test('an unknown mode is the host’s parameter error', async () => {
    const { bridge } = soterPair(fakeDevice(['fingerPrint']));
    await expect(bridge.wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'iris' as SoterMode })).rejects.toEqual({
      errMsg: 'checkIsSoterEnrolledInDevice:fail parameter error: parameter.checkAuthMode should be one of fingerPrint, facial, speech instead of iris;',
      errno: 1001,
    });
  });
});

describe('startSoterAuthentication: checks before the prompt', () => {
  test('challenge empty or over 512 characters → 90004 challenge is invalid (512 is fine)', async () => {
    const device = fakeDevice(['fingerPrint']);
    const { bridge } = soterPair(device);
    const expected = soterFail('fingerPrint', 90004, 'challenge is invalid');
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: '' })).rejects.toEqual(expected);
    await expect(
      bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'x'.repeat(513) }),
    ).rejects.toEqual(expected);
    expect(device.authenticate).not.toHaveBeenCalled();
    await expect(
      bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'x'.repeat(512) }),
    ).resolves.toMatchObject({ errMsg: 'startSoterAuthentication:ok', errCode: 0 });
  });

  test('authContent over 42 characters → 90005 authContent is too long (42 is fine)', async () => {
    const device = fakeDevice(['facial']);
    const { bridge } = soterPair(device);
    await expect(
      bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c', authContent: 'a'.repeat(43) }),
    ).rejects.toEqual(soterFail('facial', 90005, 'authContent is too long'));
    expect(device.authenticate).not.toHaveBeenCalled();
    await expect(
      bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c', authContent: 'a'.repeat(42) }),
    ).resolves.toMatchObject({ errCode: 0 });
    expect(device.authenticate.mock.calls[0]![0].authContent).toBe('a'.repeat(42));
  });

  test('a device with no mode at all → 90001 not support soter (even with no mode requested)', async () => {
    const device = fakeDevice([]);
    const { bridge } = soterPair(device);
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['speech'], challenge: 'c' })).rejects.toEqual(
      soterFail('speech', 90001, 'not support soter'),
    );
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: [], challenge: 'c' })).rejects.toEqual(
      soterFail('', 90001, 'not support soter'),
    );
    expect(device.authenticate).not.toHaveBeenCalled();
  });

  test('no mode requested, or none of them supported → 90003 no corresponding mode', async () => {
    const device = fakeDevice(['fingerPrint']);
    const { bridge } = soterPair(device);
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: [], challenge: 'c' })).rejects.toEqual(
      soterFail('', 90003, 'no corresponding mode'),
    );
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['speech', 'facial'], challenge: 'c' })).rejects.toEqual(
      soterFail('speech', 90003, 'no corresponding mode'),
    );
    expect(device.authenticate).not.toHaveBeenCalled();
  });

  test('supported but not enrolled → 90011 no <mode> enrolled, for the first supported requested mode', async () => {
    const device = fakeDevice(['fingerPrint', 'facial'], []);
    const { bridge } = soterPair(device);
    await expect(
      bridge.wx.startSoterAuthentication({ requestAuthModes: ['speech', 'fingerPrint', 'facial'], challenge: 'c' }),
    ).rejects.toEqual(soterFail('fingerPrint', 90011, 'no fingerprint enrolled'));
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial', 'fingerPrint'], challenge: 'c' })).rejects.toEqual(
      soterFail('facial', 90011, 'no facial enrolled'),
    );
    expect(device.authenticate).not.toHaveBeenCalled();
  });

  test('the checks run in order: challenge, authContent, support, requested modes, enrolment', async () => {
    const { bridge } = soterPair(fakeDevice([], []));
    await expect(
      bridge.wx.startSoterAuthentication({ requestAuthModes: [], challenge: '', authContent: 'a'.repeat(50) }),
    ).rejects.toMatchObject({ errCode: 90004 });
    await expect(
      bridge.wx.startSoterAuthentication({ requestAuthModes: [], challenge: 'c', authContent: 'a'.repeat(50) }),
    ).rejects.toMatchObject({ errCode: 90005 });
    const { bridge: other } = soterPair(fakeDevice(['facial'], []));
    await expect(other.wx.startSoterAuthentication({ requestAuthModes: ['speech'], challenge: 'c' })).rejects.toMatchObject({
      errCode: 90003,
    });
  });

  test('the mode is the first requested mode that is supported and enrolled', async () => {
    const device = fakeDevice(['fingerPrint', 'facial', 'speech'], ['speech', 'fingerPrint']);
    const { bridge } = soterPair(device);
    await expect(
      bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial', 'fingerPrint', 'speech'], challenge: 'c' }),
    ).resolves.toEqual({
      authMode: 'fingerPrint',
      resultJSON: SIGNED.resultJSON,
      resultJSONSignature: SIGNED.resultJSONSignature,
      errCode: 0,
      errMsg: 'startSoterAuthentication:ok',
    });
    expect(device.authenticate.mock.calls[0]![0].mode).toBe('fingerPrint');
  });

  test('a device query that throws → 90007 internal error, no prompt', async () => {
    const device = fakeDevice(['fingerPrint']);
    device.enrolledModes = () => Promise.reject(new Error('hal crashed'));
    const { bridge } = soterPair(device);
    const result = await bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c' }).catch((e: unknown) => e);
    expect(result).toEqual(soterFail('fingerPrint', 90007, 'internal error'));
    expect(JSON.stringify(result)).not.toContain('hal');
    expect(device.authenticate).not.toHaveBeenCalled();
  });
});

describe('startSoterAuthentication: the prompt', () => {
  test('success: {authMode, resultJSON, resultJSONSignature, errCode: 0}; the adapter gets the request', async () => {
    const device = fakeDevice(['facial']);
    const { bridge } = soterPair(device, { user: () => 'user-7' });
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'nonce-1' })).resolves.toEqual({
      authMode: 'facial',
      resultJSON: '{"raw":"c"}',
      resultJSONSignature: 'c2ln',
      errCode: 0,
      errMsg: 'startSoterAuthentication:ok',
    });
    expect(device.authenticate).toHaveBeenCalledTimes(1);
    const request = device.authenticate.mock.calls[0]![0];
    expect(request).toEqual({
      challenge: 'nonce-1',
      authContent: '',
      mode: 'facial',
      app: { appId: 'wx-soter', envVersion: 'release', version: '' },
      user: 'user-7',
      openid: expect.any(Function),
      signal: expect.any(AbortSignal),
    });
    expect(request.signal.aborted).toBe(false);
  });

  test.each([
    ['cancel', 90008, 'cancel'],
    ['failed', 90009, 'authenticate failed'],
    ['locked', 90010, 'authenticate freeze. please try again later'],
    ['internal', 90007, 'internal error'],
    ['not-enrolled', 90011, 'no fingerprint enrolled'],
    ['not-authorized', 90002, 'user not authorized'],
  ] as const)("the adapter's %s → %d %s (its message is never sent)", async (reason, errCode, text) => {
    const device = fakeDevice(['fingerPrint'], ['fingerPrint'], async () => ({ ok: false, reason, message: 'adapter secret' }));
    const { bridge } = soterPair(device);
    const result = await bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c' }).catch((e: unknown) => e);
    expect(result).toEqual(soterFail('fingerPrint', errCode, text));
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  test('an adapter that throws, returns garbage or an unknown reason → 90007 internal error', async () => {
    const outcomes: Array<() => SoterAuthOutcome | Promise<SoterAuthOutcome>> = [
      () => {
        throw new Error('adapter secret');
      },
      () => Promise.reject(new Error('adapter secret')),
      () => undefined as unknown as SoterAuthOutcome,
      () => ({ ok: true, resultJSON: 7, resultJSONSignature: 's' }) as unknown as SoterAuthOutcome,
      () => ({ ok: false, reason: 'toString' }) as unknown as SoterAuthOutcome,
    ];
    let i = 0;
    const device = fakeDevice(['speech'], ['speech'], () => outcomes[i++]!());
    const { bridge, host } = soterPair(device);
    const reported: unknown[] = [];
    host.on('error', (info) => reported.push(info));
    for (let n = 0; n < outcomes.length; n++) {
      const result = await bridge.wx.startSoterAuthentication({ requestAuthModes: ['speech'], challenge: 'c' }).catch((e: unknown) => e);
      expect(result).toEqual(soterFail('speech', 90007, 'internal error'));
      expect(JSON.stringify(result)).not.toContain('secret');
    }
    expect(device.authenticate).toHaveBeenCalledTimes(outcomes.length);
    // The integrator hears of every one of them (phase 'hook'); the mini program heard only 'internal error'.
    expect(reported).toHaveLength(outcomes.length);
    for (const info of reported) {
      expect(info).toEqual(expect.objectContaining({ phase: 'hook', api: 'startSoterAuthentication', error: expect.any(Error) }));
    }
  });

  test('callback style: fail and complete get the same fail object', async () => {
    const device = fakeDevice(['fingerPrint'], ['fingerPrint'], () => ({ ok: false, reason: 'cancel' }));
    const { bridge } = soterPair(device);
    const fail = jest.fn();
    const complete = jest.fn();
    const success = jest.fn();
    await new Promise<void>((resolve) => {
      bridge.wx.startSoterAuthentication({
        requestAuthModes: ['fingerPrint'],
        challenge: 'c',
        success,
        fail,
        complete: (res) => {
          complete(res);
          resolve();
        },
      });
    });
    expect(success).not.toHaveBeenCalled();
    expect(fail).toHaveBeenCalledWith(soterFail('fingerPrint', 90008, 'cancel'));
    expect(complete).toHaveBeenCalledWith(soterFail('fingerPrint', 90008, 'cancel'));
  });

  test('one biometric prompt per mini program: a second call while one is open fails at once with 90007', async () => {
    let release: (outcome: SoterAuthOutcome) => void = () => {};
    const device = fakeDevice(['fingerPrint', 'facial'], ['fingerPrint', 'facial'], () => new Promise((resolve) => (release = resolve)));
    const { bridge } = soterPair(device);
    await bridge.ready;
    const first = start(bridge.wx, { requestAuthModes: ['fingerPrint'], challenge: 'c1' });
    await until(() => device.authenticate.mock.calls.length >= 1, 'the first biometric prompt');
    expect(device.authenticate).toHaveBeenCalledTimes(1);
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c2' })).rejects.toEqual(
      soterFail('facial', 90007, 'another authentication is in progress'),
    );
    expect(device.authenticate).toHaveBeenCalledTimes(1);
    release(SIGNED);
    await expect(first).resolves.toEqual({
      ok: { authMode: 'fingerPrint', resultJSON: SIGNED.resultJSON, resultJSONSignature: SIGNED.resultJSONSignature, errCode: 0, errMsg: 'startSoterAuthentication:ok' },
    });
    // Closed: the next one is shown.
    const third = start(bridge.wx, { requestAuthModes: ['facial'], challenge: 'c3' });
    await until(() => device.authenticate.mock.calls.length >= 2, 'the next biometric prompt');
    expect(device.authenticate).toHaveBeenCalledTimes(2);
    release({ ok: false, reason: 'failed' });
    await expect(third).resolves.toEqual({ fail: soterFail('facial', 90009, 'authenticate failed') });
  });

  test('the rule is per mini program: another connection is not blocked', async () => {
    const releases: Array<(outcome: SoterAuthOutcome) => void> = [];
    const device = fakeDevice(['fingerPrint'], ['fingerPrint'], () => new Promise((resolve) => releases.push(resolve)));
    const { bridge, host } = soterPair(device);
    const { port1, port2 } = new MessageChannel();
    host.connect(createPortTransport(port1), { appId: 'wx-other' });
    const other = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
    onCleanup(() => {
      other.dispose();
      port1.close();
      port2.close();
    });
    await Promise.all([bridge.ready, other.ready]);
    const a = start(bridge.wx, { requestAuthModes: ['fingerPrint'], challenge: 'a' });
    const b = start(other.wx, { requestAuthModes: ['fingerPrint'], challenge: 'b' });
    await until(() => device.authenticate.mock.calls.length >= 2, 'both biometric prompts');
    expect(device.authenticate).toHaveBeenCalledTimes(2);
    expect(device.authenticate.mock.calls.map(([r]) => [r.app.appId, r.challenge])).toEqual([
      ['wx-soter', 'a'],
      ['wx-other', 'b'],
    ]);
    releases.forEach((release) => release(SIGNED));
    await expect(a).resolves.toMatchObject({ ok: { errCode: 0 } });
    await expect(b).resolves.toMatchObject({ ok: { errCode: 0 } });
  });

  test('the adapter gets an aborted signal when the mini program leaves', async () => {
    const seen: AbortSignal[] = [];
    const device = fakeDevice(['facial'], ['facial'], ({ signal }) => {
      seen.push(signal);
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, reason: 'cancel' })));
    });
    const { bridge } = soterPair(device);
    await bridge.ready;
    const call = start(bridge.wx, { requestAuthModes: ['facial'], challenge: 'c' });
    await until(() => seen.length >= 1, 'the biometric prompt');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.aborted).toBe(false);
    bridge.dispose();
    await expect(call).resolves.toEqual({ fail: { errMsg: 'startSoterAuthentication:fail bridge disposed' } });
    await until(() => seen[0]!.aborted, "the guest's goodbye to abort the adapter's signal");
    expect(seen[0]!.aborted).toBe(true);
  });

  test('a call the guest gives up on aborts the prompt; once the adapter closes it, the next call is shown', async () => {
    const seen: AbortSignal[] = [];
    const device = fakeDevice(['facial'], ['facial'], ({ signal }) => {
      seen.push(signal);
      if (seen.length > 1) return SIGNED;
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, reason: 'cancel' })));
    });
    const { bridge } = soterPair(device, {}, { interactiveTimeout: 40 });
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c' })).rejects.toEqual({
      errMsg: 'startSoterAuthentication:fail time out',
      errno: 5,
    });
    await until(() => seen[0]!.aborted, "the guest's cancel to abort the adapter's signal");
    expect(seen[0]!.aborted).toBe(true);
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['facial'], challenge: 'c' })).resolves.toMatchObject({
      errCode: 0,
    });
    expect(seen).toHaveLength(2);
  });

  test('the prompt waits its turn behind another prompt of the mini program', async () => {
    const log: string[] = [];
    let allow: (answer: boolean) => void = () => {};
    const device = fakeDevice(['fingerPrint'], ['fingerPrint'], () => {
      log.push('biometric prompt');
      return SIGNED;
    });
    const { bridge, host } = soterPair(device, {
      prompts: {
        authorize: () => {
          log.push('authorize prompt');
          return new Promise((resolve) => (allow = resolve));
        },
      },
    });
    const arrived = arrivals(host);
    await bridge.ready;
    const authorize = bridge.wx.authorize({ scope: 'scope.camera' });
    await until(() => log.length >= 1, 'the authorize prompt');
    const soter = start(bridge.wx, { requestAuthModes: ['fingerPrint'], challenge: 'c' });
    // The SOTER call has reached the host (and, a turn later, its prompt queue): its prompt waits.
    await until(() => arrived.includes('startSoterAuthentication'), 'the SOTER call to reach the host');
    expect(log).toEqual(['authorize prompt']);
    allow(true);
    await authorize;
    await expect(soter).resolves.toMatchObject({ ok: { errCode: 0 } });
    expect(log).toEqual(['authorize prompt', 'biometric prompt']);
  });

  test('past promptsPerMinute the prompt is refused (errno 1003) with SOTER’s fields', async () => {
    const device = fakeDevice(['fingerPrint']);
    const { bridge } = soterPair(device, { promptsPerMinute: 1 });
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c' })).resolves.toMatchObject({
      errCode: 0,
    });
    await expect(bridge.wx.startSoterAuthentication({ requestAuthModes: ['fingerPrint'], challenge: 'c' })).rejects.toEqual({
      ...soterFail('fingerPrint', 90007, 'too many prompts, try again later'),
      errno: 1003,
    });
    expect(device.authenticate).toHaveBeenCalledTimes(1);
  });
});

describe("the platform docs' samples, unchanged, against a global wx", () => {
  // As the platform docs write them (the last one without requestAuthModes and challenge).
  const SAMPLE = `
    wx.checkIsSoterEnrolledInDevice({ checkAuthMode: 'fingerPrint', success(res) { console.log(res.isEnrolled) } })
    wx.checkIsSupportSoterAuthentication({ success() { /* supported */ } })
    wx.startSoterAuthentication({ authContent: "Unlock biometric authentication", success() { /* ok */ } })
  `;

  afterEach(() => {
    delete (globalThis as { wx?: unknown }).wx;
  });

  test('enrolment and support succeed; startSoterAuthentication without its required params fails with the parameter error', async () => {
    const device = fakeDevice(['fingerPrint']);
    const results: ResultInfo[] = [];
    const { bridge } = makePair((host) => host.on('result', (info) => results.push(info)), { host: { biometrics: device } });
    bridge.install();
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      new Function(SAMPLE)();
      await bridge.ready;
      await until(() => results.length >= 3 && bridge.pendingCount === 0, 'the three calls to be answered and their callbacks run');
      expect(log).toHaveBeenCalledWith(true);
    } finally {
      log.mockRestore();
    }
    expect(bridge.pendingCount).toBe(0);
    const byApi = Object.fromEntries(results.map((r) => [r.api, { ok: r.ok, result: r.result }]));
    expect(byApi).toEqual({
      checkIsSoterEnrolledInDevice: { ok: true, result: { isEnrolled: true, errMsg: 'checkIsSoterEnrolledInDevice:ok' } },
      checkIsSupportSoterAuthentication: {
        ok: true,
        result: { supportMode: ['fingerPrint'], errMsg: 'checkIsSupportSoterAuthentication:ok' },
      },
      startSoterAuthentication: {
        ok: false,
        result: {
          errMsg:
            'startSoterAuthentication:fail parameter error: parameter.requestAuthModes should be Array instead of Undefined;parameter.challenge should be String instead of Undefined;',
          errno: 1001,
        },
      },
    });
    expect(device.authenticate).not.toHaveBeenCalled();
  });
});
