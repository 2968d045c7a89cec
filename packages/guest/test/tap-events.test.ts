import { makePair, until, type Pair } from '../../tooling/test-support/pair';

// Every pair is closed after each test by the shared clean-up (test-support/cleanup.ts).
let pair: Pair | undefined;

// A test waits for what it expects (`until`), then for `pair.idle()` before checking that nothing
// else happened: idle is ordered after every message either side sent for what the test did (each
// handled on the other side, no call running or pending), so another call, callback or answer
// would have shown by then.

describe('user taps', () => {
  test('calls made inside runInTap reach the host marked as tapped; others do not', async () => {
    const taps: Array<[string, boolean]> = [];
    pair = makePair((host) => {
      host.handle('login', (_p, ctx) => void taps.push(['login', ctx.tap]));
      host.handle('getAuthCode', (_p, ctx) => void taps.push(['getAuthCode', ctx.tap]));
    });
    await pair.bridge.ready;
    const { wx } = pair.bridge;
    await wx.login();
    await pair.bridge.runInTap(() => wx.getAuthCode({ scopes: ['x'] }));
    expect(taps).toEqual([
      ['login', false],
      ['getAuthCode', true],
    ]);
  });

  test('a tap is consumed by the first tap-gated API and lost after the task ends', async () => {
    const taps: boolean[] = [];
    pair = makePair((host) => host.handle('login', (_p, ctx) => void taps.push(ctx.tap)), {
      host: { prompts: { settings: () => ({}) } },
    });
    await pair.bridge.ready;
    const { wx } = pair.bridge;
    const results: string[] = [];
    const record = (i: number) => (res: { errMsg: string }) => void (results[i] = res.errMsg);
    pair.bridge.runInTap(() => {
      wx.login(); // not tap-gated: sees the tap, does not consume it
      wx.openSetting({ complete: record(0) }); // consumes it
      wx.openSetting({ complete: record(1) }); // no tap left: refused by the guest before sending
    });
    await until(() => results[0] && results[1], 'both openSetting calls to complete');
    // A tap ends with its task: with the timers faked, running the ones due ends that task's tap.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'performance', 'Date'] });
    try {
      pair.bridge.runInTap(() => {});
      jest.runOnlyPendingTimers(); // the next task: the tap is gone
    } finally {
      jest.useRealTimers();
    }
    const late = wx.login();
    wx.openSetting({ complete: record(2) });
    await late;
    await until(() => results[2], 'the last openSetting call to complete');
    await pair.idle();
    expect(taps).toEqual([true, false]);
    expect(results).toEqual([
      'openSetting:ok',
      'openSetting:fail can only be invoked by user TAP gesture.',
      'openSetting:fail can only be invoked by user TAP gesture.',
    ]);
  });

  test('in a browser-like global, real activations count as taps and synthetic ones do not', async () => {
    const target = new EventTarget();
    pair = makePair(() => {}, { guest: { tapTarget: target }, host: { prompts: { settings: () => ({}) } } });
    await pair.bridge.ready;
    const { wx } = pair.bridge;
    const results: string[] = [];
    const open = () => wx.openSetting({ complete: (res) => results.push(res.errMsg) });
    // Events created by script have isTrusted false: they must not open the gate.
    target.addEventListener('click', open);
    target.dispatchEvent(new Event('click'));
    await until(() => results.length >= 1, 'the first openSetting call to complete');
    // A trusted activation (as the browser dispatches for a real click).
    const real = new Event('click');
    Object.defineProperty(real, 'isTrusted', { value: true });
    target.dispatchEvent(real);
    await until(() => results.length >= 2, 'the second openSetting call to complete');
    const key = new Event('keydown');
    Object.defineProperty(key, 'isTrusted', { value: true });
    Object.defineProperty(key, 'key', { value: 'a' });
    target.addEventListener('keydown', open);
    target.dispatchEvent(key); // not Enter or Space: no tap
    await until(() => results.length >= 3, 'the third openSetting call to complete');
    await pair.idle();
    expect(results).toEqual([
      'openSetting:fail can only be invoked by user TAP gesture.',
      'openSetting:ok',
      'openSetting:fail can only be invoked by user TAP gesture.',
    ]);
  });
});

describe('event APIs', () => {
  test('onNeedPrivacyAuthorization: the last listener wins, gets (resolve, info), and resolve answers the host', async () => {
    let connection: import('@wxbridge/host').Connection | undefined;
    pair = makePair((host) => host.on('connect', (c) => (connection = c)));
    await pair.bridge.ready;
    const answers: unknown[] = [];
    connection!.guestEvents.on('needPrivacyAuthorization', (data: unknown, reply: unknown) => answers.push([data, reply]));
    const calls: string[] = [];
    const { wx } = pair.bridge;
    wx.onNeedPrivacyAuthorization(() => calls.push('first'));
    wx.onNeedPrivacyAuthorization((resolve, info) => {
      calls.push('second ' + info.referrer);
      resolve({ event: 'exposureAuthorization' });
      resolve({ event: 'agree', buttonId: 'agree-btn' });
    });
    connection!.sendEvent('needPrivacyAuthorization', { referrer: 'getUserProfile' }, 7);
    await until(() => answers.length >= 2, 'both answers to reach the host');
    await pair.idle();
    expect(calls).toEqual(['second getUserProfile']);
    expect(answers).toEqual([
      [{ event: 'exposureAuthorization' }, 7],
      [{ event: 'agree', buttonId: 'agree-btn' }, 7],
    ]);
  });

  test('a listener that throws is reported, and a non-function listener is refused', async () => {
    const reports: string[] = [];
    let connection: import('@wxbridge/host').Connection | undefined;
    pair = makePair((host) => host.on('connect', (c) => (connection = c)), { guest: { onError: (e) => reports.push(e.message) } });
    await pair.bridge.ready;
    pair.bridge.wx.onNeedPrivacyAuthorization(() => {
      throw new Error('listener bug');
    });
    connection!.sendEvent('needPrivacyAuthorization', { referrer: 'x' }, 1);
    await until(() => reports.length > 0, "the listener's exception to be reported");
    await pair.idle();
    expect(reports).toEqual(['thirdScriptError\nlistener bug;at api onNeedPrivacyAuthorization callback function']);
    expect(() => pair!.bridge.wx.onNeedPrivacyAuthorization('nope' as never)).toThrow(
      'onNeedPrivacyAuthorization:fail parameter error: parameter.listener should be Function instead of String;',
    );
  });
});

describe('button open-types and install', () => {
  test('invokeOpenType resolves with the detail, success or fail', async () => {
    const { wxFail } = await import('@wxbridge/host');
    pair = makePair((host) => {
      host.handle('getPhoneNumber', (p) => ((p as { deny?: boolean }).deny ? wxFail('user deny') : { code: 'phone-code' }));
    });
    await pair.bridge.ready;
    await expect(pair.bridge.runInTap(() => pair!.bridge.invokeOpenType('getPhoneNumber'))).resolves.toEqual({
      code: 'phone-code',
      errMsg: 'getPhoneNumber:ok',
    });
    await expect(pair.bridge.runInTap(() => pair!.bridge.invokeOpenType('getPhoneNumber', { deny: true }))).resolves.toEqual({
      errMsg: 'getPhoneNumber:fail user deny',
    });
    // Outside a tap the host refuses before the handler runs.
    await expect(pair.bridge.invokeOpenType('getPhoneNumber')).resolves.toEqual({
      errMsg: 'getPhoneNumber:fail can only be invoked by user TAP gesture.',
    });
    await expect(pair.bridge.invokeOpenType('login' as never)).rejects.toThrow('is not a button open-type');
  });

  test('install puts wx on the target (globalThis by default)', () => {
    pair = makePair();
    const target: { wx?: unknown } = {};
    expect(pair.bridge.install(target)).toBe(pair.bridge.wx);
    expect(target.wx).toBe(pair.bridge.wx);
    pair.bridge.install();
    expect((globalThis as { wx?: unknown }).wx).toBe(pair.bridge.wx);
    delete (globalThis as { wx?: unknown }).wx;
  });
});

test('a tap-gated call outside a tap never leaves the guest', async () => {
  const { connectGuest, createPortTransport } = await import('@wxbridge/guest');
  const { onCleanup } = await import('../../tooling/test-support/pair');
  const { welcomeFor } = await import('../../tooling/test-support/envelopes');
  const { port1, port2 } = new MessageChannel();
  const seen: Array<{ kind: string; api?: string; session?: string }> = [];
  port1.addEventListener('message', (event) => {
    seen.push(event.data);
    if (event.data.kind === 'hello') port1.postMessage(welcomeFor(event.data.session));
  });
  port1.start();
  const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
  onCleanup(() => (bridge.dispose(), port1.close()));
  await expect(bridge.wx.requestSubscribeMessage({ tmplIds: ['t1'] })).rejects.toEqual({
    errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.',
  });
  // A barrier: a call made after it, sent once the handshake completes; requests leave in the order
  // made, so once this one has arrived, the refused one would have arrived before it.
  bridge.wx.login({ complete: () => {} }); // never answered: it fails when the bridge is closed
  await until(() => seen.some((m) => m.kind === 'request' && m.api === 'login'), 'the later login request to arrive');
  expect(seen.filter((m) => m.kind === 'request').map((m) => m.api)).toEqual(['login']);
});
