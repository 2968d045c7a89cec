// What an integrator passes wrong is refused when the bridge or the transport is made, with an error
// that names the parameter and what was expected.
import { connectGuest, createParentTransport } from '@wxbridge/guest';
import { WIRE_MARKER } from '@wxbridge/protocol';

test('connectGuest refuses options without a transport, naming options.transport and its shape', () => {
  for (const options of [undefined, {}, { transport: {} }, { transport: { send: () => {} } }, { transport: { listen: () => () => {} } }]) {
    expect(() => connectGuest(options as never)).toThrow(new TypeError('connectGuest: options.transport must be a Transport ({send, listen})'));
  }
});

test('createParentTransport refuses a hostOrigin that is not an exact http(s) origin, naming hostOrigin', () => {
  expect(() => createParentTransport({ hostOrigin: [] })).toThrow(new TypeError('hostOrigin must list at least one origin'));
  for (const origin of ['*', 'https://*.example.com', 'https://host.example.com/', 'host.example.com', 'ftp://host.example.com', 'null']) {
    expect(() => createParentTransport({ hostOrigin: origin })).toThrow(
      new TypeError(`hostOrigin: ${JSON.stringify(origin)} is not an origin (http(s)://host[:port])`),
    );
  }
  expect(() => createParentTransport({ hostOrigin: ['https://host.example.com', 'http://localhost:8080'] })).not.toThrow();
});

test('createParentTransport says so when there is no parent window to post to', () => {
  const self = { addEventListener: () => {}, removeEventListener: () => {} };
  const transport = createParentTransport({ hostOrigin: 'https://host.example.com', self });
  const hello = { wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'x', session: 's' } as const;
  expect(() => transport.send(hello)).toThrow(new Error('wxbridge: no parent window'));
});
