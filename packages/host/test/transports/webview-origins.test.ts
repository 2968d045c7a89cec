/**
 * The webview host hears a page only from the allowed origins. It keeps its verdict on the last URL
 * it parsed (a page sends many messages from one URL): the verdict must follow the URL whenever it
 * changes, whatever came before.
 */
import { createHost, createWebViewTransport } from '@wxbridge/host';
import { WIRE_MARKER } from '@wxbridge/protocol';

function webviewHost() {
  const transport = createWebViewTransport({ postMessage: () => {}, allowedOrigins: ['https://mp.example.com', 'https://b.example.com'] });
  const host = createHost();
  const calls: number[] = [];
  host.on('call', ({ id }) => calls.push(id));
  host.handle('login', () => ({ code: 'c' }));
  host.connect(transport, { appId: 'wx-rn' });
  let id = 0;
  /** Sends a request from `url`; says whether the host heard it. */
  const heard = (url: unknown) => {
    const before = calls.length;
    const data = JSON.stringify({ wxbridge: WIRE_MARKER, kind: 'request', id: ++id, api: 'login', params: {} });
    transport.receive({ data, url: url as string, isTopFrame: true });
    return calls.length > before;
  };
  const hello = JSON.stringify({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'x', session: 's' });
  transport.receive({ data: hello, url: 'https://mp.example.com/', isTopFrame: true });
  return { host, heard };
}

test('the verdict follows the URL as it changes: allowed, refused, allowed again, another allowed origin', () => {
  const { host, heard } = webviewHost();
  const verdicts = [
    'https://mp.example.com/index.html',
    'https://mp.example.com/index.html',
    'https://evil.example.com/index.html',
    'https://evil.example.com/index.html',
    'https://mp.example.com/index.html',
    'https://mp.example.com.evil.com/',
    'https://mp.example.com@evil.com/',
    'https://b.example.com/page#2',
    'http://mp.example.com/index.html',
    'not a url',
    'https://mp.example.com/other?x=1',
  ].map(heard);
  expect(verdicts).toEqual([true, true, false, false, true, false, false, true, false, false, true]);
  host.dispose();
});

test('a URL that is not a string is judged each time by its text, never by the verdict kept for the last string', () => {
  const { host, heard } = webviewHost();
  expect(heard('https://mp.example.com/')).toBe(true);
  // An object whose text changes between two messages: each is parsed as it reads now.
  let text = 'https://evil.example.com/';
  const shifty = { toString: () => text };
  expect(heard(shifty)).toBe(false);
  text = 'https://mp.example.com/';
  expect(heard(shifty)).toBe(true);
  text = 'https://evil.example.com/';
  expect(heard(shifty)).toBe(false);
  // No URL at all is refused, and the last string's verdict is still its own.
  expect(heard(undefined)).toBe(false);
  expect(heard('https://mp.example.com/')).toBe(true);
  host.dispose();
});
