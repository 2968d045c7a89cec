import { WIRE_MARKER } from '@wxbridge/protocol';
import { makePair, rawPair, until } from '../../../tooling/test-support/pair';

describe('the gate: what a connection does with each message', () => {
  test('a replayed or duplicated request id is never run twice', async () => {
    const handler = jest.fn(() => ({ code: 'once' }));
    const errors: string[] = [];
    const { host, guest, close } = rawPair((h) => h.handle('login', handler));
    host.on('error', (info) => errors.push(info.phase));
    guest.hello();
    guest.request(5, 'login');
    guest.request(5, 'login');
    guest.request(3, 'login');
    guest.request(6, 'login');
    await guest.until(() => guest.responses().length >= 2);
    await guest.drained(); // the host has handled all four requests
    expect(guest.responses().map((r) => r.id)).toEqual([5, 6]);
    expect(handler).toHaveBeenCalledTimes(2);
    expect(errors).toEqual(['replay', 'replay']);
    close();
  });

  test('a request that fails validation but has an id is answered with errno 101', async () => {
    const { host, guest, close } = rawPair((h) => h.handle('login', () => ({ code: 'x' })));
    const errors: unknown[] = [];
    host.on('error', (info) => errors.push(info));
    guest.hello();
    guest.request(1, 'login', { a: { __proto__: { polluted: 1 } } as never });
    guest.send('{"wxbridge":1,"kind":"request","id":2,"api":"login","params":{"x":{"__proto__":{"polluted":1}}}}');
    guest.request(3, 'login', { deep: JSON.parse('['.repeat(40) + ']'.repeat(40)) });
    guest.request(4, 'login', { blob: 'x'.repeat(2 * 1024 * 1024) });
    await guest.until(() => guest.responses().length === 4);
    const byId = Object.fromEntries(guest.responses().map((r) => [r.id, r.result]));
    expect(byId[2]).toEqual({ errMsg: 'login:fail invalid request data: key "__proto__" is not allowed', errno: 101 });
    expect(byId[3]).toEqual({ errMsg: 'login:fail invalid request data: nesting too deep', errno: 101 });
    expect(byId[4]).toEqual({ errMsg: 'login:fail invalid request data: message too large', errno: 101 });
    // Structured clone drops an own __proto__ written as a literal: request 1 arrives clean and runs.
    expect(byId[1]).toMatchObject({ errMsg: 'login:ok' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errors.length).toBe(3);
    close();
  });

  test('a request with a bad id or a non-string api cannot be answered and is only reported', async () => {
    const { host, guest, close } = rawPair();
    const errors: unknown[] = [];
    host.on('error', (info) => errors.push(info));
    guest.hello();
    guest.send({ wxbridge: WIRE_MARKER, kind: 'request', id: 'one', api: 'login', params: {} });
    guest.send({ wxbridge: WIRE_MARKER, kind: 'request', id: 2, api: 7, params: {} });
    await guest.drained(); // both handled, and whatever the host answered has arrived
    expect(guest.responses()).toEqual([expect.objectContaining({ id: 2, result: { errMsg: 'invoke:fail invalid request data: api must be a non-empty string', errno: 101 } })]);
    expect(errors).toHaveLength(2);
    close();
  });

  test('foreign traffic on the channel is ignored silently', async () => {
    const { host, guest, close } = rawPair();
    const errors: unknown[] = [];
    host.on('error', (info) => errors.push(info));
    for (const junk of [null, 42, 'hello', [1], { type: 'webpackOk' }, { wxbridge: 2, kind: 'request' }]) guest.send(junk);
    await guest.drained(); // every piece handled (dropped), and anything the host sent back has arrived
    expect(guest.received).toEqual([]);
    expect(errors).toEqual([]);
    close();
  });

  test('envelopes sent as JSON text (string-only bridges) are accepted and answered', async () => {
    const { guest, close } = rawPair((h) => h.handle('login', () => ({ code: 'text' })));
    guest.send(JSON.stringify({ wxbridge: 1, kind: 'hello', protocol: 1, sdk: 't', session: 's' }));
    guest.send(JSON.stringify({ wxbridge: 1, kind: 'request', id: 1, api: 'login', params: {} }));
    expect((await guest.response(1)).result).toEqual({ code: 'text', errMsg: 'login:ok' });
    close();
  });

  test('calls in flight are bounded per connection (errno 1003 beyond the limit)', async () => {
    const { guest, close } = rawPair((h) => h.handle('getAuthCode', () => new Promise(() => {})), { appId: 'wx' }, { limits: { maxInFlight: 2 } });
    guest.hello();
    for (let id = 1; id <= 4; id++) guest.request(id, 'getAuthCode', { scopes: ['camera'] });
    await guest.until(() => guest.responses().length === 2);
    expect(guest.responses().map((r) => [r.id, r.result])).toEqual([
      [3, { errMsg: 'getAuthCode:fail too many requests in flight', errno: 1003 }],
      [4, { errMsg: 'getAuthCode:fail too many requests in flight', errno: 1003 }],
    ]);
    close();
  });

  test('a cancel answers the call with time out and aborts its handler; a late result is dropped', async () => {
    let release: (v: { code: string }) => void = () => {};
    let signal: AbortSignal | undefined;
    const { guest, close } = rawPair((h) =>
      h.handle('login', (_p, ctx) => {
        signal = ctx.signal;
        return new Promise((resolve) => (release = resolve));
      }),
    );
    guest.hello();
    guest.request(1, 'login');
    await until(() => signal !== undefined, 'the handler to run');
    guest.send({ wxbridge: WIRE_MARKER, kind: 'cancel', id: 1 });
    expect((await guest.response(1)).result).toEqual({ errMsg: 'login:fail time out', errno: 5 });
    expect(signal?.aborted).toBe(true);
    release({ code: 'late' });
    // The late result is dropped when the handler's promise settles, microtasks after release; a
    // hello (answered with a welcome, not a response) on the same channel proves the host has moved on.
    guest.hello();
    await guest.until(() => guest.received.filter((e) => e.kind === 'welcome').length === 2);
    expect(guest.responses()).toHaveLength(1);
    close();
  });

  test('a new hello with a new session (a reload) aborts the old session’s calls and restarts ids', async () => {
    const signals: AbortSignal[] = [];
    const { guest, close } = rawPair((h) =>
      h.handle('login', (_p, ctx) => {
        signals.push(ctx.signal);
        return ctx.id === 1 && signals.length === 1 ? new Promise(() => {}) : { code: 'fresh' };
      }),
    );
    guest.hello('page-1');
    guest.request(1, 'login');
    await until(() => signals.length === 1, 'the first call to run');
    guest.hello('page-2');
    guest.request(1, 'login');
    expect((await guest.response(1)).result).toEqual({ code: 'fresh', errMsg: 'login:ok' });
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toBe('guest reloaded');
    expect(guest.received.filter((e) => e.kind === 'welcome')).toHaveLength(2);
    close();
  });

  test('a guest goodbye aborts its running calls', async () => {
    let signal: AbortSignal | undefined;
    const { guest, close } = rawPair((h) =>
      h.handle('getAuthCode', (_p, ctx) => {
        signal = ctx.signal;
        return new Promise(() => {});
      }),
    );
    guest.hello();
    guest.request(1, 'getAuthCode', { scopes: ['camera'] });
    await until(() => signal !== undefined, 'the handler to run');
    guest.send({ wxbridge: WIRE_MARKER, kind: 'bye', reason: 'page hidden' });
    await guest.drained(); // the goodbye handled
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe('page hidden');
    close();
  });

  test('host.dispose says goodbye and aborts running handlers', async () => {
    let signal: AbortSignal | undefined;
    const { host, guest, close } = rawPair((h) =>
      h.handle('getAuthCode', (_p, ctx) => {
        signal = ctx.signal;
        return new Promise(() => {});
      }),
    );
    guest.hello();
    guest.request(1, 'getAuthCode', { scopes: ['camera'] });
    await until(() => signal !== undefined, 'the handler to run');
    host.dispose();
    await guest.until(() => guest.received.some((e) => e.kind === 'bye'));
    expect(guest.received.find((e) => e.kind === 'bye')).toEqual({ wxbridge: 1, kind: 'bye', reason: 'host disposed' });
    expect(signal?.reason).toBe('host disposed');
    close();
  });
});

describe('observability', () => {
  test('connect, call, result (with timing), error and disconnect events', async () => {
    const log: string[] = [];
    const results: import('@wxbridge/host').ResultInfo[] = [];
    const pair = makePair((host) => {
      host.on('connect', (c) => log.push('connect ' + c.app.appId));
      host.on('disconnect', (c, reason) => log.push(`disconnect ${c.app.appId} ${reason}`));
      host.on('call', (info) => log.push(`call ${info.api} ${JSON.stringify(info.params)}`));
      host.on('result', (info) => {
        results.push(info);
        log.push(`result ${info.api} ${info.result.errMsg}`);
      });
      host.on('error', (info) => log.push(`error ${info.phase} ${info.api}`));
      host.handle('login', async () => {
        await new Promise((resolve) => setTimeout(resolve, 25));
        return { code: 'timed' };
      });
      host.handle('checkSession', () => {
        throw new Error('bug');
      });
    });
    await pair.bridge.wx.login({ timeout: 5000 });
    await pair.bridge.wx.checkSession().catch(() => {});
    pair.close();
    expect(log).toEqual([
      'connect wx-test-app',
      'call login {"timeout":5000}',
      'result login login:ok',
      'call checkSession {}',
      'error handler checkSession',
      'result checkSession checkSession:fail internal error',
      'disconnect wx-test-app host disposed',
    ]);
    expect(results[0]!.durationMs).toBeGreaterThanOrEqual(20);
    expect(results[0]!.ok).toBe(true);
    expect(results[1]!.ok).toBe(false);
  });
});

describe('sessions, taps, limits', () => {
  test('requests before a hello, or after a goodbye, are answered but never run', async () => {
    const handler = jest.fn(() => ({ code: 'x' }));
    const { guest } = rawPair((h) => h.handle('login', handler));
    guest.request(1, 'login');
    expect((await guest.response(1)).result).toEqual({
      errMsg: 'login:fail invalid request data: no session, say hello first',
      errno: 101,
    });
    guest.hello('s1');
    guest.request(1, 'login'); // the session's ids start afresh after the hello
    expect(guest.responses().filter((r) => r.id === 1)).toHaveLength(1);
    await guest.until(() => guest.responses().filter((r) => r.id === 1).length === 2);
    expect(guest.responses()[1]!.result).toEqual({ code: 'x', errMsg: 'login:ok' });
    guest.send({ wxbridge: WIRE_MARKER, kind: 'bye', reason: 'leaving' });
    guest.request(2, 'login'); // replayed after the goodbye: answered, not run
    expect((await guest.response(2)).result).toMatchObject({ errno: 101 });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  test('tap-gated APIs fail before the handler unless the call was made inside a tap', async () => {
    const handler = jest.fn(() => ({ code: 'phone' }));
    const { guest } = rawPair((h) => h.handle('getPhoneNumber', handler));
    guest.hello();
    guest.request(1, 'getPhoneNumber');
    guest.request(2, 'getPhoneNumber', {}, { tap: true });
    expect((await guest.response(1)).result).toEqual({ errMsg: 'getPhoneNumber:fail can only be invoked by user TAP gesture.' });
    expect((await guest.response(2)).result).toEqual({ code: 'phone', errMsg: 'getPhoneNumber:ok' });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  test('undefined values nested in params count as absent, as in JSON', async () => {
    const pair = makePair((h) => h.registerApi('echo', { handler: (data) => ({ echo: data }) }));
    await expect(pair.bridge.wx.invokeNativePlugin({ api_name: 'echo', data: { a: undefined, b: 1 } })).resolves.toEqual({
      echo: { a: undefined, b: 1 },
      errMsg: 'invokeNativePlugin:ok',
    });
  });

  test('createHost refuses limits that are not positive integers', () => {
    const { createHost } = jest.requireActual('@wxbridge/host') as typeof import('@wxbridge/host');
    expect(() => createHost({ limits: { maxInFlight: 0 } })).toThrow('limits.maxInFlight must be a positive integer');
    expect(() => createHost({ limits: { maxDepth: 1.5 } })).toThrow('limits.maxDepth must be a positive integer');
  });

  test('a very long goodbye reason is shortened so the guest still accepts it', async () => {
    const { host, guest } = rawPair();
    guest.hello();
    await guest.until(() => guest.received.some((e) => e.kind === 'welcome'));
    [...host.connections][0]!.dispose('x'.repeat(5000));
    await guest.until(() => guest.received.some((e) => e.kind === 'bye'));
    const bye = guest.received.find((e) => e.kind === 'bye') as { reason: string };
    expect(bye.reason.length).toBe(256);
  });

  test('a WxError from another copy of the package is still recognised', async () => {
    const foreign = Object.assign(new Error('auth deny'), { reason: 'auth deny', errno: 103, [Symbol.for('wxbridge.WxError')]: true });
    const pair = makePair((h) => h.handle('getAuthCode', () => Promise.reject(foreign)));
    await expect(pair.bridge.wx.getAuthCode({ scopes: ['camera'] })).rejects.toEqual({ errMsg: 'getAuthCode:fail auth deny', errno: 103 });
  });

  test('the result event reports what the guest really got when the result could not be sent', async () => {
    const results: unknown[] = [];
    const pair = makePair((h) => {
      h.handle('login', () => ({ code: 'x', fn: () => 1 }) as never);
      h.on('result', (info) => results.push([info.ok, info.result]));
    });
    await expect(pair.bridge.wx.login()).rejects.toEqual({ errMsg: 'login:fail internal error', errno: 4 });
    expect(results).toEqual([[false, { errMsg: 'login:fail internal error', errno: 4 }]]);
  });
});

test('a handler that reads ctx.signal only after its call was cancelled still sees the abort', async () => {
  let release: (() => void) | undefined;
  let seen: [boolean, unknown] | undefined;
  const { guest } = rawPair((h) =>
    h.handle('login', async (_p, ctx) => {
      await new Promise<void>((resolve) => (release = resolve));
      seen = [ctx.signal.aborted, ctx.signal.reason];
      return { code: 'late' };
    }),
  );
  guest.hello();
  guest.request(1, 'login');
  await until(() => release !== undefined, 'the handler to start');
  guest.send({ wxbridge: WIRE_MARKER, kind: 'cancel', id: 1 });
  await guest.response(1);
  release!();
  await until(() => seen !== undefined, 'the handler to read its signal');
  expect(seen).toEqual([true, 'time out']);
});

test('createHost keeps defaults for limits left undefined and ignores unknown keys', () => {
  const { createHost, } = jest.requireActual('@wxbridge/host') as typeof import('@wxbridge/host');
  const host = createHost({ limits: { maxDepth: undefined, maxInFlight: 3, extra: 5 } as never });
  expect(host.limits).toEqual({ maxMessageBytes: 1024 * 1024, maxDepth: 32, maxInFlight: 3 });
});
