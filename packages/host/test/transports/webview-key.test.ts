/**
 * The session key (docs/protocol.md, section 6): a host that got a hello with a `key` sends that key
 * in every envelope of the session (welcome, response, event, bye), so that a string-bridge guest can
 * tell the host's messages from message events a frame in its page makes.
 */
import { createHost, createWebViewTransport } from '@wxbridge/host';
import { WIRE_MARKER, decodeEnvelope } from '@wxbridge/protocol';
import { until } from '../../../tooling/test-support/pair';

function webviewHost() {
  const sent: Array<Record<string, unknown>> = [];
  const transport = createWebViewTransport({ postMessage: (text) => sent.push(JSON.parse(text)), allowedOrigins: ['https://mp.example.com'] });
  const host = createHost();
  host.handle('login', () => ({ code: 'c' }));
  const connection = host.connect(transport, { appId: 'wx-rn' });
  const send = (envelope: object) =>
    transport.receive({ data: JSON.stringify({ wxbridge: WIRE_MARKER, ...envelope }), url: 'https://mp.example.com/', isTopFrame: true });
  const hello = (session: string, key?: string) => send({ kind: 'hello', protocol: 1, sdk: 'x', session, key });
  return { host, connection, sent, send, hello };
}

test('the host sends the hello key back in every envelope of the session: welcome, response, event, bye', async () => {
  const { host, connection, sent, send, hello } = webviewHost();
  hello('s1', 'k1');
  send({ kind: 'request', id: 1, api: 'login', params: {} });
  send({ kind: 'request', id: 2, api: 'noSuchApi', params: {} });
  connection.sendEvent('needPrivacyAuthorization', { referrer: 'login' }, 1);
  await until(() => sent.filter((e) => e.kind === 'response').length === 2, 'both requests to be answered');
  host.dispose();
  expect(sent.map((e) => e.kind)).toEqual(['welcome', 'response', 'response', 'event', 'bye']);
  for (const envelope of sent) expect(envelope.key).toBe('k1');
  expect(sent[1]).toEqual({ wxbridge: 1, kind: 'response', id: 1, ok: true, result: { code: 'c', errMsg: 'login:ok' }, key: 'k1' });
});

test("the key is the session's: a repeated hello keeps it, a new session brings its own, a hello without one gets none", async () => {
  const { sent, send, hello } = webviewHost();
  hello('s1', 'k1');
  hello('s1', 'another'); // a repeat of the session does not change its key
  hello('s2', 'k2');
  send({ kind: 'request', id: 1, api: 'login', params: {} });
  await until(() => sent.some((e) => e.kind === 'response'), "the s2 session's call to be answered");
  hello('s3'); // a guest with no key (over a window or port transport, or an older guest)
  send({ kind: 'request', id: 1, api: 'login', params: {} });
  await until(() => sent.filter((e) => e.kind === 'response').length === 2, "the s3 session's call to be answered");
  expect(sent.map((e) => [e.kind, e.key])).toEqual([
    ['welcome', 'k1'],
    ['welcome', 'k1'],
    ['welcome', 'k2'],
    ['response', 'k2'],
    ['welcome', undefined],
    ['response', undefined],
  ]);
  expect(sent.slice(4).every((e) => !('key' in e))).toBe(true);
});

test('a hello key must be a string of 1 to 128 characters: another is refused and starts no session', () => {
  const { connection, sent, hello, send } = webviewHost();
  for (const key of ['', 'k'.repeat(129), 42, { k: 1 }, ['k']]) {
    hello('s1', key as string);
    expect(decodeEnvelope({ wxbridge: 1, kind: 'hello', protocol: 1, sdk: 'x', session: 's', key })).toEqual({
      ok: false,
      error: 'key must be a string of 1 to 128 characters',
    });
  }
  expect(connection.connected).toBe(false);
  send({ kind: 'hello', protocol: 1, sdk: 'x', session: 's1', key: 'k'.repeat(128) });
  expect(sent.map((e) => [e.kind, e.key])).toEqual([['welcome', 'k'.repeat(128)]]);
});
