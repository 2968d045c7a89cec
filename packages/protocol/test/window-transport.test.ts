import { checkOrigins, createWindowTransport, WIRE_MARKER, type Envelope } from '../src';

/** A window stand-in: a real EventTarget for listening, a spy for postMessage. */
function fakeWindow() {
  const target = new EventTarget();
  const posted: Array<[unknown, string]> = [];
  return {
    target,
    posted,
    postMessage: (message: unknown, origin: string) => posted.push([message, origin]),
    addEventListener: target.addEventListener.bind(target) as never,
    removeEventListener: target.removeEventListener.bind(target) as never,
  };
}

function deliver(self: ReturnType<typeof fakeWindow>, data: unknown, origin: string, source: unknown) {
  // Node's MessageEvent only takes MessagePorts as source, so build the event the way a browser's looks.
  self.target.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
}

const hello: Envelope = { wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 't', session: 's' };

describe('window transport', () => {
  test.each([
    [[], 'must list at least one origin'],
    [['*'], 'is not an origin'],
    [['null'], 'is not an origin'],
    [['https://mp.example.com/'], 'is not an origin'],
    [['https://mp.example.com/path'], 'is not an origin'],
    [['mp.example.com'], 'is not an origin'],
    [['ftp://mp.example.com'], 'is not an origin'],
    [['https://*.example.com'], 'is not an origin'],
  ])('refuses the allowlist %j when created', (origins, message) => {
    expect(() => checkOrigins(origins)).toThrow(message);
    expect(() => createWindowTransport({ peer: () => null, allowedOrigins: origins })).toThrow(TypeError);
  });

  test('accepts only messages from the peer window and an allowed origin', () => {
    const self = fakeWindow();
    const peer = fakeWindow();
    const other = fakeWindow();
    const transport = createWindowTransport({ peer: () => peer, allowedOrigins: ['https://mp.example.com'], self });
    const received: unknown[] = [];
    const stop = transport.listen((data) => received.push(data));

    deliver(self, 'right', 'https://mp.example.com', peer);
    deliver(self, 'wrong window', 'https://mp.example.com', other);
    deliver(self, 'no window', 'https://mp.example.com', null);
    for (const lookalike of [
      'https://mp.example.com.evil.com',
      'https://evil-mp.example.com',
      'http://mp.example.com',
      'https://mp.example.com:8443',
      'https://MP.example.com.',
      'null',
      '',
    ]) {
      deliver(self, 'lookalike ' + lookalike, lookalike, peer);
    }
    expect(received).toEqual(['right']);

    stop();
    deliver(self, 'after stop', 'https://mp.example.com', peer);
    expect(received).toEqual(['right']);
  });

  test('never posts with target origin "*": before the peer speaks it posts to each allowed origin', () => {
    const self = fakeWindow();
    const peer = fakeWindow();
    const origins = ['https://a.example.com', 'https://b.example.com'];
    const transport = createWindowTransport({ peer: () => peer, allowedOrigins: origins, self });
    transport.listen(() => {});
    transport.send(hello);
    expect(peer.posted.map(([, origin]) => origin)).toEqual(origins);

    deliver(self, 'x', 'https://b.example.com', peer);
    transport.send(hello);
    expect(peer.posted.map(([, origin]) => origin)).toEqual([...origins, 'https://b.example.com']);
    expect(peer.posted.every(([, origin]) => origin !== '*')).toBe(true);
  });

  test('sending with no peer window throws a clear error', () => {
    const transport = createWindowTransport({ peer: () => null, allowedOrigins: ['https://a.example.com'], self: fakeWindow() });
    expect(() => transport.send(hello)).toThrow('peer window is not available');
  });
});

describe('window transport, when the peer speaks from another allowed origin', () => {
  test('lockOrigin keeps to the first origin that spoke', () => {
    const self = fakeWindow();
    const peer = fakeWindow();
    const transport = createWindowTransport({
      peer: () => peer,
      allowedOrigins: ['https://a.example.com', 'https://b.example.com'],
      self,
      lockOrigin: true,
    });
    const received: unknown[] = [];
    transport.listen((data) => received.push(data));
    deliver(self, 1, 'https://a.example.com', peer);
    deliver(self, 2, 'https://b.example.com', peer);
    deliver(self, 3, 'https://a.example.com', peer);
    expect(received).toEqual([1, 3]);
  });

  test('without lockOrigin a host follows a frame that reloads at another allowed origin', () => {
    const self = fakeWindow();
    const peer = fakeWindow();
    const transport = createWindowTransport({
      peer: () => peer,
      allowedOrigins: ['https://a.example.com', 'https://b.example.com'],
      self,
    });
    const received: unknown[] = [];
    transport.listen((data) => received.push(data));
    deliver(self, 1, 'https://a.example.com', peer);
    deliver(self, 2, 'https://b.example.com', peer);
    transport.send(hello);
    expect(received).toEqual([1, 2]);
    expect(peer.posted.at(-1)![1]).toBe('https://b.example.com');
  });
});
