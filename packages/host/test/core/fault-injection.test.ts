// Faults on every side, nothing lost: handlers that misbehave, a guest that reloads or leaves in
// the middle of a call or a prompt, a host that goes away or restarts. Each call gets exactly one
// well-formed answer within its timeout class, and nothing is left behind (pending calls, running
// calls, listeners on the transport, the guest's events or the session's signal).
import { getEventListeners } from 'node:events';
import { connectGuest, type GuestBridge } from '@wxbridge/guest';
import { createHost, createPortTransport, wxFail, type CallContext, type Connection, type Host, type HostOptions } from '@wxbridge/host';
import { WIRE_MARKER, decodeEnvelope, type Transport } from '@wxbridge/protocol';
import { onCleanup, rawPair, until } from '../../../tooling/test-support/pair';

/** A port transport that counts its listeners and can be silenced (a page that vanished says nothing). */
function watchedTransport(port: MessagePort): Transport & { listeners(): number; silence(): void } {
  const inner = createPortTransport(port);
  let listeners = 0;
  let silent = false;
  return {
    send: (envelope) => void (silent || inner.send(envelope)),
    listen(receive) {
      listeners++;
      const stop = inner.listen((data) => silent || receive(data));
      return () => {
        listeners--;
        stop();
      };
    },
    listeners: () => listeners,
    silence: () => void (silent = true),
  };
}

interface Stage {
  host: Host;
  connection: Connection;
  /** The guest side of the channel, for the next page load. */
  guestPort: MessagePort;
  open(options?: { timeout?: number; interactiveTimeout?: number }): GuestBridge & { transport: ReturnType<typeof watchedTransport> };
}

function stage(setup: (host: Host) => void, options: HostOptions = {}): Stage {
  const { port1, port2 } = new MessageChannel();
  const host = createHost(options);
  setup(host);
  const connection = host.connect(createPortTransport(port1), { appId: 'wx-faults' });
  onCleanup(() => (host.dispose(), port1.close(), port2.close()));
  return {
    host,
    connection,
    guestPort: port2,
    open(guestOptions = {}) {
      const transport = watchedTransport(port2);
      const bridge = connectGuest({ transport, tapTarget: null, ...guestOptions });
      onCleanup(() => bridge.dispose());
      return Object.assign(Object.create(bridge) as GuestBridge, { transport });
    },
  };
}

describe('handlers that misbehave: one well-formed answer each', () => {
  const secret = 'wxbridge-internal-detail';
  const cycle = (): Record<string, unknown> => {
    const value: Record<string, unknown> = { secret };
    value.self = value;
    return value;
  };
  const cases: Array<[string, () => unknown]> = [
    ['throws an Error', () => { throw new Error(secret); }],
    ['throws a string', () => { throw secret; }],
    ['throws undefined', () => { throw undefined; }],
    ['rejects', () => Promise.reject(new TypeError(secret))],
    ['returns a string', () => secret],
    ['returns an array', () => [secret]],
    ['returns a class instance', () => new (class Internal { secret = secret; })()],
    ['returns an Error inside the result', () => ({ detail: new Error(secret) })],
    ['returns a Date inside the result', () => ({ when: new Date(0), secret })],
    ['returns a function inside the result', () => ({ run: () => secret })],
    ['returns a BigInt inside the result', () => ({ big: 10n, secret })],
    ['returns NaN inside the result', () => ({ n: NaN, secret })],
    ['returns a cycle', cycle],
    ['resolves to a Map', () => Promise.resolve(new Map([[secret, 1]]))],
  ];

  test.each(cases)('a handler that %s: internal error (errno 4), nothing of it on the wire', async (_name, behave) => {
    const errors: string[] = [];
    const { host, guest } = rawPair((h) => h.handle('getAuthCode', behave as never));
    host.on('error', (info) => errors.push(info.phase));
    guest.hello();
    guest.request(1, 'getAuthCode', { scopes: ['camera'] });
    const response = await guest.response(1);
    await guest.drained(); // anything else the host sent (a second answer) has arrived
    expect(guest.responses()).toHaveLength(1);
    expect(response).toEqual({ wxbridge: 1, kind: 'response', id: 1, ok: false, result: { errMsg: 'getAuthCode:fail internal error', errno: 4 } });
    expect(JSON.stringify(guest.raw)).not.toContain(secret);
    expect(errors).toHaveLength(1); // the integrator hears of it once (phase handler or send)
  });

  test('a thenable that resolves, rejects and resolves again settles the call once, with the first value', async () => {
    const { guest } = rawPair((h) =>
      h.handle('getAuthCode', () => ({
        then(resolve: (value: unknown) => void, reject: (error: unknown) => void) {
          resolve({ code: 'first' });
          reject(new Error('second'));
          resolve({ code: 'third' });
        },
      }) as never),
    );
    guest.hello();
    guest.request(1, 'getAuthCode', { scopes: ['camera'] });
    expect((await guest.response(1)).result).toEqual({ code: 'first', authCode: 'first', errMsg: 'getAuthCode:ok' });
    await guest.drained();
    expect(guest.responses()).toHaveLength(1);
  });

  test('a handler that never settles: the guest fails the call at its timeout (errno 5), the handler is aborted, nothing stays running', async () => {
    let signal: AbortSignal | undefined;
    const s = stage((h) => h.handle('login', (_p, ctx) => ((signal = ctx.signal), new Promise(() => {}))));
    const bridge = s.open({ timeout: 60 });
    const started = Date.now();
    await expect(bridge.wx.login()).rejects.toEqual({ errMsg: 'login:fail time out', errno: 5 });
    expect(Date.now() - started).toBeLessThan(1000);
    await until(() => signal?.aborted, "the guest's cancel to abort the handler");
    expect(signal?.reason).toBe('time out');
    expect(s.connection.runningCount).toBe(0);
    expect(bridge.pendingCount).toBe(0);
  });

  test('an interactive call whose hook never settles fails at the interactive timeout; the prompt is told to close', async () => {
    let prompt: AbortSignal | undefined;
    const s = stage(() => {}, { prompts: { authorize: ({ signal }) => ((prompt = signal), new Promise<boolean>(() => {})) } });
    const bridge = s.open({ timeout: 10_000, interactiveTimeout: 80 });
    await expect(bridge.wx.authorize({ scope: 'scope.camera' })).rejects.toEqual({ errMsg: 'authorize:fail time out', errno: 5 });
    await until(() => prompt?.aborted, "the guest's cancel to close the prompt");
    expect(prompt?.aborted).toBe(true);
    expect(s.connection.runningCount).toBe(0);
  });

  test('integrator code that throws on what a guest sent costs no answer and reaches no transport', async () => {
    const phases: string[] = [];
    const { host, guest } = rawPair((h) => {
      h.handle('login', () => ({ code: 'still-answered' }));
      h.on('call', ({ params }) => void (params as { tag: { length: number } }).tag.length); // throws: no tag
      h.on('connect', (connection) =>
        connection.guestEvents.on('appEvent', (data: { deep: { field: string } }) => void data.deep.field.length),
      );
    });
    host.on('error', (info) => phases.push(info.phase));
    guest.hello();
    guest.send({ wxbridge: WIRE_MARKER, kind: 'event', name: 'appEvent', data: null });
    guest.request(1, 'login');
    expect((await guest.response(1)).result).toEqual({ code: 'still-answered', errMsg: 'login:ok' });
    expect(phases.sort()).toEqual(['hook', 'hook']);
  });
});

/** Waits until every call the host runs for `connection` has ended. */
function drained(connection: Connection): Promise<void> {
  return until(() => connection.runningCount === 0, () => `the connection's calls to end (${connection.runningCount} running)`);
}

describe('the guest reloads or leaves mid-call and mid-prompt', () => {
  function busyStage() {
    const signals: Record<string, AbortSignal> = {};
    const s = stage(
      (h) => {
        h.handle('getAuthCode', (_p, ctx: CallContext) => ((signals.handler = ctx.signal), new Promise(() => {})));
        h.handle('getUserInfo', () => ({ nickName: 'n' }));
      },
      {
        maxQueuedPrompts: 1,
        privacy: { contractName: 'Guide' },
        prompts: { settings: ({ signal }) => ((signals.prompt = signal), new Promise<Record<string, boolean>>(() => {})) },
      },
    );
    return { s, signals };
  }

  /** A mini program in the middle of everything: a call running, the settings page on screen, a privacy question it does not answer. */
  async function busy(s: Stage, signals: Record<string, AbortSignal>) {
    const bridge = s.open();
    bridge.wx.onNeedPrivacyAuthorization(() => {}); // listens, never resolves
    await bridge.ready;
    const outcomes = [
      bridge.wx.getAuthCode({ scopes: ['camera'] }),
      bridge.runInTap(() => bridge.wx.openSetting()),
      bridge.wx.getUserInfo(),
    ].map((call) => call.catch((error: unknown) => error));
    // The handler running, the settings page shown, the privacy question asked (the host waits for its answer).
    await until(
      () => signals.handler && signals.prompt && s.connection.guestEvents.listenerCount('needPrivacyAuthorization') > 0,
      'the handler to run, the settings page to show and the privacy question to be asked',
    );
    expect(s.connection.runningCount).toBe(3);
    expect(s.connection.guestEvents.listenerCount('needPrivacyAuthorization')).toBe(1);
    return { bridge, outcomes, session: s.connection.sessionSignal };
  }

  function expectNothingLeft(s: Stage, session: AbortSignal, bridge: ReturnType<Stage['open']>) {
    expect(s.connection.runningCount).toBe(0);
    expect(s.connection.guestEvents.eventNames()).toEqual([]);
    expect(getEventListeners(session, 'abort')).toHaveLength(0);
    expect(bridge.pendingCount).toBe(0);
    expect(bridge.transport.listeners()).toBe(0);
  }

  test('a reload (a new page, no goodbye): the handler and the prompt are aborted, nothing leaks, the new page is served', async () => {
    const { s, signals } = busyStage();
    const { bridge, outcomes, session } = await busy(s, signals);
    bridge.transport.silence(); // the page is gone: its goodbye never leaves
    bridge.dispose();
    const next = s.open(); // the reloaded page: a new guest, a new session, the same channel
    await next.ready;
    await drained(s.connection);
    expect(signals.handler?.reason).toBe('guest reloaded');
    expect(signals.prompt?.aborted).toBe(true);
    await expect(Promise.all(outcomes)).resolves.toEqual([
      { errMsg: 'getAuthCode:fail bridge disposed' },
      { errMsg: 'openSetting:fail bridge disposed' },
      { errMsg: 'getUserInfo:fail bridge disposed' },
    ]);
    expectNothingLeft(s, session, bridge);
    // The prompt queue has room again (maxQueuedPrompts is 1): the new page's prompt is shown.
    const closed = signals.prompt;
    void next.runInTap(() => next.wx.openSetting()).catch(() => {});
    await until(() => signals.prompt !== closed, "the new page's settings page to show");
    expect(signals.prompt?.aborted).toBe(false);
  });

  test('a goodbye (the guest disposed): the same, with the goodbye as the reason', async () => {
    const { s, signals } = busyStage();
    const { bridge, session } = await busy(s, signals);
    bridge.dispose();
    await until(() => !s.connection.connected, 'the goodbye to reach the host');
    await drained(s.connection);
    expect(signals.handler?.reason).toBe('guest disposed');
    expect(signals.prompt?.aborted).toBe(true);
    expectNothingLeft(s, session, bridge);
    expect(s.connection.connected).toBe(false);
  });

  test('a privacy question for a session that ended while the user lookup was slow leaves no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    onCleanup(() => process.off('unhandledRejection', onRejection));
    // The lookup answers when the test says: after the session has ended.
    const lookups: Array<(user: string) => void> = [];
    const { host, guest } = rawPair(() => {}, { appId: 'wx-slow-user' }, {
      user: () => new Promise((resolve) => lookups.push(resolve)),
      privacy: { contractName: 'Guide' },
      prompts: { privacy: () => true },
    });
    const connection = [...host.connections][0]!;
    guest.hello();
    guest.request(1, 'requirePrivacyAuthorize');
    await until(() => lookups.length > 0, 'the user lookup to start');
    guest.send({ wxbridge: WIRE_MARKER, kind: 'bye', reason: 'left during the lookup' });
    await guest.drained(); // the goodbye handled: the session has ended
    for (const answer of lookups.splice(0)) answer('ada');
    // What the late lookup starts settles in microtasks, and Node reports a rejection left
    // unhandled once a task's microtasks have run: two turns of the event loop, no event to wait for.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(rejections).toEqual([]);
    expect(connection.runningCount).toBe(0);
  });
});

describe('the host goes away', () => {
  test('the host disposes: calls waiting fail with host disconnected, at once', async () => {
    const s = stage((h) => h.handle('getAuthCode', () => new Promise(() => {})));
    const bridge = s.open();
    await bridge.ready;
    const waiting = bridge.wx.getAuthCode({ scopes: ['camera'] });
    await until(() => s.connection.runningCount === 1, 'the call to reach the host');
    s.host.dispose();
    await expect(waiting).rejects.toEqual({ errMsg: 'getAuthCode:fail host disconnected' });
    expect(bridge.pendingCount).toBe(0);
  });

  test('the host restarts without a goodbye: the waiting call times out, the next one is refused (no session), then the guest handshakes with the new host', async () => {
    const { port1, port2 } = new MessageChannel();
    onCleanup(() => (port1.close(), port2.close()));
    const crashed = createHost();
    crashed.handle('login', () => new Promise(() => {}));
    const dying = watchedTransport(port1);
    const dead = crashed.connect({ ...dying, close: undefined }, { appId: 'wx-restart' });
    const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null, timeout: 100 });
    onCleanup(() => bridge.dispose());
    // Registered after the guest's own listener: sees each message once the guest has handled it.
    const handled: string[] = [];
    port2.addEventListener('message', (event) => handled.push((event.data as { kind?: string } | null)?.kind ?? '?'));
    await bridge.ready;
    const first = (await bridge.ready).session;
    const waiting = bridge.wx.login();
    await until(() => dead.runningCount === 1, 'the call to reach the old host');
    dying.silence(); // the old host's process died: it neither answers nor says goodbye
    crashed.dispose();

    const restarted = createHost();
    restarted.handle('login', () => ({ code: 'from-the-new-host' }));
    restarted.connect(createPortTransport(port1), { appId: 'wx-restart' });
    onCleanup(() => restarted.dispose());
    await expect(waiting).rejects.toEqual({ errMsg: 'login:fail time out', errno: 5 });
    await expect(bridge.wx.login()).rejects.toEqual({ errMsg: 'login:fail invalid request data: no session, say hello first', errno: 101 });
    // The new host's goodbye, right behind that answer, starts a new handshake.
    await until(() => handled.includes('bye'), "the new host's goodbye to reach the guest");
    const welcome = await bridge.ready;
    expect(welcome.session).not.toBe(first);
    await expect(bridge.wx.login()).resolves.toEqual({ code: 'from-the-new-host', errMsg: 'login:ok' });
  });

  test('what the host sends a guest without a session: the answer, then one goodbye until the next hello', async () => {
    const { guest } = rawPair();
    guest.request(1, 'login');
    guest.request(2, 'login');
    await guest.until(() => guest.responses().length === 2);
    await guest.drained();
    const kinds = guest.received.map((e) => e.kind);
    expect(kinds).toEqual(['response', 'bye', 'response']);
    expect(guest.received[1]).toEqual({ wxbridge: WIRE_MARKER, kind: 'bye', reason: 'no session' });
    expect(guest.raw.every((m) => decodeEnvelope(m).ok)).toBe(true);
  });
});

test('wxFail from a handler is not a fault: its reason and codes reach the guest as given', async () => {
  const { guest } = rawPair((h) => h.handle('getAuthCode', () => wxFail('user deny', { errno: 103 })));
  guest.hello();
  guest.request(1, 'getAuthCode', { scopes: ['camera'] });
  expect((await guest.response(1)).result).toEqual({ errMsg: 'getAuthCode:fail user deny', errno: 103 });
});
