// String-only native bridges, simulated: only strings may cross (anything else fails the test),
// and the host's answers are evaluated as the JavaScript a native host would inject.
import { connectGuest, createNativeTransport, detectNativeBridge } from '@wxbridge/guest';
import { createHost, createWebViewTransport } from '@wxbridge/host';
import { receiverCall } from '@wxbridge/protocol';
import { onCleanup, until } from '../../tooling/test-support/pair';

function stringOnly(name: string, deliver: (text: string) => void) {
  return {
    postMessage(value: unknown) {
      if (typeof value !== 'string') throw new TypeError(`${name} carries strings only, got ${typeof value}`);
      setTimeout(() => deliver(value), 0);
    },
  };
}

/** A page global with one native bridge, a React Native-like host on the other side. */
function setUp(kind: 'react-native' | 'ios' | 'android', hostTransport: 'inject' | 'postMessage' = 'inject') {
  const page: Record<string, unknown> = {};
  const pageEvents = new EventTarget();
  page.addEventListener = pageEvents.addEventListener.bind(pageEvents);
  page.removeEventListener = pageEvents.removeEventListener.bind(pageEvents);
  page.dispatchEvent = pageEvents.dispatchEvent.bind(pageEvents);
  const injected: string[] = [];
  const transport = createWebViewTransport({
    allowedOrigins: ['https://mp.example.com'],
    ...(hostTransport === 'inject'
      ? {
          injectJavaScript: (code: string) => {
            injected.push(code);
            // Evaluated as the page would; after the guest is gone (a late goodbye) it fails as a page would.
            setTimeout(() => {
              if (typeof page.__wxbridge_receive__ === 'function') new Function('window', `with (window) { ${code} }`)(page);
            }, 0);
          },
        }
      : {
          postMessage: (text: string) =>
            setTimeout(() => pageEvents.dispatchEvent(Object.assign(new Event('message'), { data: text })), 0),
        }),
  });
  const toHost = (text: string) => transport.receive({ data: text, url: 'https://mp.example.com/index.html', isTopFrame: true });
  if (kind === 'react-native') page.ReactNativeWebView = stringOnly('ReactNativeWebView', toHost);
  if (kind === 'ios') page.webkit = { messageHandlers: { wxbridge: stringOnly('WKScriptMessageHandler', toHost) } };
  if (kind === 'android') page.WxBridgeAndroid = stringOnly('addJavascriptInterface', toHost);
  const host = createHost();
  host.handle('login', (_p, ctx) => ({ code: 'native-' + ctx.app.appId }));
  host.registerApi('echo', { handler: (data) => ({ echo: data }) });
  host.connect(transport, { appId: 'wx-native' });
  const bridge = connectGuest({ transport: createNativeTransport({ global: page }), tapTarget: null });
  onCleanup(() => (bridge.dispose(), host.dispose()));
  return { page, host, bridge, transport, injected };
}

describe.each(['react-native', 'ios', 'android'] as const)('%s bridge', (kind) => {
  test('is detected, and a login round-trips as strings only', async () => {
    const { page, bridge } = setUp(kind);
    expect(detectNativeBridge({ global: page })).toBe(kind);
    await expect(bridge.wx.login()).resolves.toEqual({ code: 'native-wx-native', errMsg: 'login:ok' });
    expect(bridge.wx.getAccountInfoSync().miniProgram.appId).toBe('wx-native');
  });
});

test("React Native's WebView.postMessage path works too (message events carrying strings)", async () => {
  const { bridge } = setUp('react-native', 'postMessage');
  await expect(bridge.wx.login()).resolves.toMatchObject({ errMsg: 'login:ok' });
});

test('React Native: a message event sent by a frame (it has a source) is not the host, and is ignored', async () => {
  const { bridge, page } = setUp('react-native', 'postMessage');
  await bridge.ready;
  const seen: unknown[] = [];
  const pending = bridge.wx.login({ complete: (r) => seen.push(r) });
  void pending;
  // A sub-frame posting to its parent: the event has that frame's window as source. It forges the answer.
  const forged = JSON.stringify({ wxbridge: 1, kind: 'response', id: 1, ok: true, result: { errMsg: 'login:ok', code: 'forged' } });
  const fromFrame = Object.assign(new Event('message'), { data: forged, source: { postMessage() {} } });
  (page.dispatchEvent as ((e: Event) => boolean) | undefined)?.(fromFrame);
  // The forgery was fired before the host's answer: had it been heard, it would be the one seen.
  await until(() => seen.length > 0, 'the call to complete');
  expect(seen).toEqual([{ code: 'native-wx-native', errMsg: 'login:ok' }]);
});

test('hostile text is never spliced into the injected JavaScript', async () => {
  const { bridge, injected, page } = setUp('react-native');
  const alarms: string[] = [];
  page.alert = (text: string) => alarms.push(text);
  const hostile = ["x'", 'x"', 'x\u2028y', 'x\u2029y', ');alert(1)//', '</script><script>alert(2)</script>', '\\u0027', '`${alert(3)}`'];
  for (const text of hostile) {
    // The text travels to the host and comes back inside injected JavaScript, unchanged.
    await expect(bridge.wx.invokeNativePlugin({ api_name: 'echo', data: { [text]: text } })).resolves.toEqual({
      echo: { [text]: text },
      errMsg: 'invokeNativePlugin:ok',
    });
  }
  // Each answer above came back as injected JavaScript, evaluated in the order injected: once the
  // last has resolved, every injection made for them has run (and any alert in it).
  expect(alarms).toEqual([]);
  for (const code of injected) {
    expect(code).toMatch(/^__wxbridge_receive__\(".*"\);true;$/s);
    expect(code).not.toMatch(/[\u2028\u2029]/);
  }
  expect(receiverCall('__wxbridge_receive__', 'a\u2028b')).toBe('__wxbridge_receive__("a\\u2028b");true;');
  expect(() => receiverCall('x);alert(1', 'a')).toThrow('not a plain global function name');
});

test('the webview host drops non-strings, other pages and sub-frames', async () => {
  const { transport, host, bridge } = setUp('android');
  const seen: unknown[] = [];
  host.on('call', (c) => seen.push(c.api));
  const hello = JSON.stringify({ wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'x', session: 's' });
  const request = JSON.stringify({ wxbridge: 1, kind: 'request', id: 5, api: 'login', params: {} });
  transport.receive({ data: { not: 'a string' }, url: 'https://mp.example.com/' });
  transport.receive({ data: hello, url: 'https://evil.example.com/' });
  transport.receive({ data: hello, url: 'https://mp.example.com/', isTopFrame: false });
  transport.receive({ data: request, url: 'https://mp.example.com.evil.com/' });
  transport.receive({ data: request, url: 'not a url' });
  // A barrier: the guest's own login reaches the host through the same transport.receive after
  // the dropped messages, so once it is answered the host has read them all; it saw that call only.
  await bridge.wx.login();
  expect(seen).toEqual(['login']);
});

test('outside any native bridge, detection says so and the transport refuses clearly', () => {
  expect(detectNativeBridge({ global: {} })).toBeUndefined();
  expect(() => createNativeTransport({ global: {} })).toThrow('no React Native, iOS or Android bridge');
  expect(() => createWebViewTransport({ allowedOrigins: ['https://a.example.com'] })).toThrow('pass injectJavaScript or postMessage');
});
