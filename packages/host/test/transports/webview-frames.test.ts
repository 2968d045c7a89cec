/**
 * The React Native host hears only the page's main frame: react-native-webview does not report
 * `isTopFrame` everywhere and its `url` is the main frame's, so a message without
 * `isTopFrame: true` may come from an ad's iframe and is dropped.
 */
import { createHost, createWebViewTransport } from '@wxbridge/host';
import { WIRE_MARKER } from '@wxbridge/protocol';

function webviewHost() {
  const sent: string[] = [];
  const transport = createWebViewTransport({ postMessage: (text) => sent.push(text), allowedOrigins: ['https://mp.example.com'] });
  const host = createHost();
  const calls: string[] = [];
  host.on('call', ({ api }) => calls.push(api));
  host.handle('login', () => ({ code: 'c' }));
  const connection = host.connect(transport, { appId: 'wx-rn' });
  return { transport, host, connection, sent, calls };
}

const hello = (session: string) => JSON.stringify({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'x', session });
const url = 'https://mp.example.com/index.html';

test('a hello without isTopFrame (an ad frame, where the WebView does not say) neither connects nor resets the session', () => {
  const { transport, connection, sent, host } = webviewHost();
  transport.receive({ data: hello('real'), url, isTopFrame: true });
  expect(connection.connected).toBe(true);
  const welcomes = sent.length;
  transport.receive({ data: hello('ad-frame'), url });
  transport.receive({ data: hello('ad-frame'), url, isTopFrame: undefined });
  expect(sent.length).toBe(welcomes);
  expect(connection.sessionSignal.aborted).toBe(false);
  host.dispose();
});

test("a request without isTopFrame: true never runs as the app", async () => {
  const { transport, calls, host } = webviewHost();
  transport.receive({ data: hello('real'), url, isTopFrame: true });
  const request = JSON.stringify({ wxbridge: WIRE_MARKER, kind: 'request', id: 1, api: 'login', params: {} });
  transport.receive({ data: request, url });
  transport.receive({ data: request, url, isTopFrame: false });
  expect(calls).toEqual([]);
  transport.receive({ data: request, url, isTopFrame: true });
  expect(calls).toEqual(['login']);
  host.dispose();
});
