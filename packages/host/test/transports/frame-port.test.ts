// The iframe transport pair end to end (in Node, with browser-like windows): the handshake goes
// over window.postMessage, then the traffic moves onto a private MessageChannel port.
import { connectGuest, createParentTransport } from '@wxbridge/guest';
import { createFrameTransport, createHost } from '@wxbridge/host';
import { WIRE_MARKER } from '@wxbridge/protocol';
import { fakeWindow, linkWindows } from '../../../tooling/test-support/fake-windows';
import { onCleanup, until } from '../../../tooling/test-support/pair';

const HOST = 'https://superapp.example.com';
const MINI = 'https://mp.example.com';

function setUp() {
  const hostWin = fakeWindow(HOST);
  const frameWin = fakeWindow(MINI);
  linkWindows(hostWin, frameWin);
  const host = createHost();
  host.handle('login', (_p, ctx) => ({ code: 'c-' + ctx.app.appId }));
  const signals: AbortSignal[] = [];
  host.handle('getAuthCode', (_p, ctx) => (signals.push(ctx.signal), new Promise(() => {})));
  const connection = host.connect(createFrameTransport({ frame: { contentWindow: frameWin.proxy }, origin: MINI, self: hostWin }), {
    appId: 'wx-frame',
  });
  const guest = (self = frameWin) => {
    const bridge = connectGuest({ transport: createParentTransport({ hostOrigin: HOST, parent: hostWin.proxy, self }), tapTarget: null });
    onCleanup(() => bridge.dispose());
    return bridge;
  };
  onCleanup(() => host.dispose());
  return { hostWin, frameWin, host, connection, guest, signals };
}

const kinds = (posted: Array<{ data: unknown }>) => posted.map((p) => (p.data as { kind: string }).kind);

test('after the handshake, calls travel over a private port: the windows carry only hello and welcome', async () => {
  const { hostWin, frameWin, guest } = setUp();
  const bridge = guest();
  await expect(bridge.wx.login()).resolves.toEqual({ code: 'c-wx-frame', errMsg: 'login:ok' });
  await expect(bridge.wx.login()).resolves.toMatchObject({ errMsg: 'login:ok' });
  expect(new Set(kinds(frameWin.posted))).toEqual(new Set(['hello'])); // what the frame posted to the host window
  expect(kinds(hostWin.posted)).toEqual(['welcome']); // what the host posted to the frame window
  expect([...hostWin.posted, ...frameWin.posted].every((p) => p.targetOrigin !== '*')).toBe(true);
  expect(hostWin.posted[0]!.targetOrigin).toBe(MINI);
});

test('after the move, envelopes posted over the window are ignored, even from the right frame', async () => {
  const { hostWin, frameWin, guest, signals } = setUp();
  const handler = jest.fn();
  const bridge = guest();
  await bridge.ready;
  // Forged request to the host window, from the frame's own window (e.g. a script racing the SDK).
  hostWin.receiveFrom(frameWin, { wxbridge: WIRE_MARKER, kind: 'request', id: 99, api: 'login', params: {} });
  // Forged response to the frame window, from the host's window.
  const seen: unknown[] = [];
  bridge.wx.getAuthCode({ scopes: ['x'], complete: (r) => seen.push(r) });
  await until(() => signals.length === 1, 'the call to reach the host over the port');
  frameWin.receiveFrom(hostWin, { wxbridge: WIRE_MARKER, kind: 'response', id: 1, ok: true, result: { errMsg: 'getAuthCode:ok', code: 'forged' } });
  await until(() => hostWin.pending === 0 && frameWin.pending === 0, 'both windows to handle the forged messages');
  expect(seen).toEqual([]);
  expect(handler).not.toHaveBeenCalled();
  expect(kinds(hostWin.posted)).toEqual(['welcome']); // nothing answered the forged request over the window
});

test('a third frame from another origin, and a lookalike origin, are ignored', async () => {
  const { hostWin, frameWin, guest, host } = setUp();
  const errors: unknown[] = [];
  host.on('error', (e) => errors.push(e));
  const evil = fakeWindow('https://mp.example.com.evil.com');
  evil.proxy = frameWin.proxy; // even pretending to be the frame's window handle, the origin gives it away
  hostWin.receiveFrom(evil, { wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'x', session: 'evil' });
  const other = fakeWindow(MINI); // right origin, wrong window
  hostWin.receiveFrom(other, { wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'x', session: 'other' });
  await until(() => hostWin.pending === 0, 'the host window to handle both hellos');
  expect(hostWin.posted).toEqual([]); // no welcome for either
  const bridge = guest();
  await expect(bridge.wx.login()).resolves.toMatchObject({ errMsg: 'login:ok' });
  expect(errors).toEqual([]);
});

test('a reload connects afresh: a new port, the old one closed, its pending call aborted', async () => {
  const { hostWin, frameWin, guest, signals } = setUp();
  const first = guest();
  await first.ready;
  void first.wx.getAuthCode({ scopes: ['x'] }).catch(() => {});
  await until(() => signals.length === 1, 'the call to reach the host');
  // The page reloads: a new guest in the same frame (the old one is simply gone).
  const second = guest(frameWin);
  await expect(second.wx.login()).resolves.toEqual({ code: 'c-wx-frame', errMsg: 'login:ok' });
  expect(kinds(hostWin.posted)).toEqual(['welcome', 'welcome']);
  expect(signals[0]!.aborted).toBe(true);
  expect(signals[0]!.reason).toBe('guest reloaded');
});

test('two hellos of one session before the guest reads a welcome: one port, and the calls queued meanwhile are answered', async () => {
  const { hostWin, frameWin, guest } = setUp();
  // A busy host page: every hello the frame posts reaches the host twice before any welcome is read.
  const post = hostWin.proxy.postMessage;
  hostWin.proxy.postMessage = (data, targetOrigin, transfer) => {
    post(data, targetOrigin, transfer);
    if ((data as { kind?: string }).kind === 'hello') post(data, targetOrigin, transfer);
  };
  const bridge = guest();
  const calls = [bridge.wx.login(), bridge.wx.login(), bridge.wx.login()]; // queued before the handshake
  await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2].map(() => ({ code: 'c-wx-frame', errMsg: 'login:ok' })));
  await expect(bridge.wx.login()).resolves.toEqual({ code: 'c-wx-frame', errMsg: 'login:ok' });
  // Both hellos were answered, but only the first welcome carried a port.
  expect(kinds(hostWin.posted)).toEqual(['welcome', 'welcome']);
  expect(kinds(frameWin.posted).every((k) => k === 'hello')).toBe(true);
});
