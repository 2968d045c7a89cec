// The React Native guest hears only the host (issue 13, item 6). A cross-origin sub-frame can make a
// `message` event whose `source` is null in the mini program's page (its child posts to `top` and
// navigates away before delivery), which the WebView's own postMessage path looks like. The guest's
// string-bridge transport therefore sends a secret `key` in each session's hello, which only the
// native bridge sees, and drops everything that does not carry it back (docs/protocol.md, section 6).
import { connectGuest, createNativeTransport } from '@wxbridge/guest';
import { createHost, createWebViewTransport, wxCancel, type Host } from '@wxbridge/host';
import type { WxResult } from '@wxbridge/protocol';
import { onCleanup, until } from '../../tooling/test-support/pair';

const order = { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' };

/**
 * A React Native page: the guest posts to `ReactNativeWebView`, the host answers with the WebView's
 * postMessage (a `message` event with a null source). `echoKey: false` plays a host from before the
 * session key: it never sees the hello's key, so it cannot send it back.
 */
function reactNativePage(setup: (host: Host) => void, { echoKey = true } = {}) {
  const page = new EventTarget() as EventTarget & Record<string, unknown>;
  const fromHost: string[] = [];
  const toHost: string[] = [];
  const nullSourceEvent = (data: string) => Object.assign(new Event('message'), { data, source: null });
  const transport = createWebViewTransport({
    allowedOrigins: ['https://mp.example.com'],
    postMessage: (text) => {
      fromHost.push(text);
      setTimeout(() => page.dispatchEvent(nullSourceEvent(text)), 0);
    },
  });
  page.ReactNativeWebView = {
    postMessage(text: string) {
      toHost.push(text);
      const data = echoKey ? text : JSON.stringify({ ...JSON.parse(text), key: undefined });
      setTimeout(() => transport.receive({ data, url: 'https://mp.example.com/index.html', isTopFrame: true }), 0);
    },
  };
  const host = createHost();
  setup(host);
  const connection = host.connect(transport, { appId: 'wx-shop' });
  const bridge = connectGuest({ transport: createNativeTransport({ global: page }), tapTarget: null });
  onCleanup(() => (bridge.dispose(), host.dispose()));
  /** What a sub-frame can do: fire a string message event with a null source at the page. */
  const forge = (envelope: object) => page.dispatchEvent(nullSourceEvent(JSON.stringify({ wxbridge: 1, ...envelope })));
  return { page, host, connection, bridge, fromHost, toHost, forge };
}

test('React Native: a forged requestPayment:ok in a message event with no source never settles the call; the host answer with the session key does', async () => {
  let closeSheet: ((result: ReturnType<typeof wxCancel>) => void) | undefined;
  const { bridge, forge, fromHost } = reactNativePage((host) => {
    host.handle('requestPayment', () => new Promise((resolve) => (closeSheet = resolve)));
    host.handle('login', () => ({ code: 'real' }));
  });
  await bridge.ready;
  const seen: WxResult[] = [];
  void bridge.wx.requestPayment({ ...order, complete: (result) => seen.push(result) });
  await until(() => closeSheet, 'the payment sheet to open');
  // The sub-frame's forgeries: the response a payment would get (the ids are 1, 2, 3…), bare and
  // with guessed keys, and the same as the bare result.
  for (const id of [1, 2, 3]) {
    const result = { errMsg: 'requestPayment:ok' };
    forge({ kind: 'response', id, ok: true, result });
    for (const key of ['', 'null', 'undefined', '0.0.0.0']) forge({ kind: 'response', id, ok: true, result, key });
  }
  forge({ errMsg: 'requestPayment:ok' });
  // A barrier: a call made after the forgeries, answered through the same message events; once it
  // has resolved, the forgeries (fired before its request was sent) have been read.
  await expect(bridge.wx.login()).resolves.toEqual({ code: 'real', errMsg: 'login:ok' });
  expect(seen).toEqual([]);
  expect(bridge.pendingCount).toBe(1);

  closeSheet!(wxCancel()); // the user cancels the real sheet
  await until(() => seen.length > 0, 'the payment to complete');
  expect(seen).toEqual([{ errMsg: 'requestPayment:fail cancel', errno: 1 }]);
  // What the host sent carried the key, which the forgeries could not.
  expect(JSON.parse(fromHost.at(-1)!)).toMatchObject({ kind: 'response', id: 1, key: expect.any(String) });
});

test('React Native: a forged welcome, event or bye with no source changes nothing', async () => {
  const { bridge, connection, forge } = reactNativePage((host) => host.handle('login', () => ({ code: 'real' })));
  const welcome = await bridge.ready;
  const privacy: unknown[] = [];
  bridge.wx.onNeedPrivacyAuthorization((_resolve, data) => privacy.push(data));
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  onCleanup(() => warn.mockRestore());
  // Even a frame that knew the session id (it cannot: only the hello holds it) is not heard.
  forge({ ...welcome, key: undefined, account: { miniProgram: { appId: 'wx-other', envVersion: 'release', version: '9' } } });
  forge({ kind: 'event', name: 'needPrivacyAuthorization', data: { referrer: 'forged' }, reply: 1 });
  forge({ kind: 'bye', reason: 'host disposed' });
  // A barrier: a call made after the forgeries, answered through the same message events; once it
  // has resolved, the forgeries (fired before its request was sent) have been read.
  await expect(bridge.wx.login()).resolves.toEqual({ code: 'real', errMsg: 'login:ok' });
  expect(privacy).toEqual([]);
  expect(bridge.connected).toBe(true);
  expect(await bridge.ready).toBe(welcome); // no new handshake: the forged bye did not end the session
  expect(bridge.wx.getAccountInfoSync().miniProgram.appId).toBe('wx-shop');
  // The host's own event, with the key, is heard; calls still work.
  connection.sendEvent('needPrivacyAuthorization', { referrer: 'login' }, 2);
  await until(() => privacy.length > 0, "the host's event to reach the listener");
  expect(privacy).toEqual([{ referrer: 'login' }]);
  await expect(bridge.wx.login()).resolves.toEqual({ code: 'real', errMsg: 'login:ok' });
});

test('each session has its own 128-bit key, which the real webview host sends back in everything it sends', async () => {
  const { bridge, host, toHost, fromHost } = reactNativePage((h) => h.handle('login', () => ({ code: 'c' })));
  await bridge.ready;
  await bridge.wx.login();
  const hellos = toHost.map((text) => JSON.parse(text)).filter((e) => e.kind === 'hello');
  const key = hellos[0].key as string;
  expect(key).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(new Set(hellos.map((e) => e.key))).toEqual(new Set([key])); // repeated hellos keep it
  // The host says goodbye: the guest's next session has a new key.
  host.dispose();
  // The host's goodbye makes the guest start a new session, whose hello has a new key.
  const hellosOfNewSession = () => toHost.map((text) => JSON.parse(text)).filter((e) => e.kind === 'hello' && e.key !== key);
  await until(() => hellosOfNewSession().length > 0, 'the guest to say hello in a new session');
  const sent = fromHost.map((text) => JSON.parse(text));
  expect(sent.map((e) => e.kind)).toEqual(expect.arrayContaining(['welcome', 'response', 'bye']));
  for (const envelope of sent) expect(envelope.key).toBe(key);
  const next = hellosOfNewSession();
  expect(next.length).toBeGreaterThan(0);
  expect(next[0].session).not.toBe(hellos[0].session);
});

test('a host that does not send the key back is never heard: the handshake does not complete, and the console says why once', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  onCleanup(() => warn.mockRestore());
  const { bridge, page, fromHost, toHost } = reactNativePage((host) => host.handle('login', () => ({ code: 'c' })), {
    echoKey: false,
  });
  // Added after the guest's own listener, so it hears each message event once the guest has read it.
  const read: string[] = [];
  page.addEventListener('message', (event) => read.push(JSON.parse((event as MessageEvent).data).kind));
  const seen: WxResult[] = [];
  void bridge.wx.login({ complete: (result) => seen.push(result) });
  // The second welcome answers the guest's second hello (its back-off repeats it): once the guest
  // has read it, a host without the key has had two chances to be heard.
  await until(() => read.filter((kind) => kind === 'welcome').length >= 2, "the guest to read the host's second welcome");
  expect(fromHost.filter((text) => JSON.parse(text).kind === 'welcome').length).toBeGreaterThan(1);
  expect(bridge.connected).toBe(false);
  expect(seen).toEqual([]); // the call waits in the queue, never sent
  expect(toHost.filter((text) => JSON.parse(text).kind === 'request')).toEqual([]);
  expect(warn.mock.calls).toEqual([['wxbridge: host sent no session key (docs/protocol.md, section 6)']]);
});
