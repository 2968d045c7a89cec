/**
 * What every route shares, over real HTTP: the routes under / and /openserver/, unknown paths
 * (40066) and wrong methods (43001, 43002), the health endpoint, the body cap (413 with 45002,
 * declared or streamed), request ids, internal errors (-1, to onError, never a stack), the
 * per-client and per-app minute limits, and the routes mounted from subscriptions/ and soter/.
 */
import { MemoryStore } from '@wxbridge/store';
import { oneTimeKey, userKey } from '@wxbridge/store/records';
import { APP, APP2, requestIdOf, send, startServer, urlOf } from './harness';

const CREDENTIALS = { grant_type: 'client_credential', appid: APP.appId, secret: APP.secret };

describe('routing', () => {
  test('an unknown path answers 40066 invalid url, under either prefix', async () => {
    const running = await startServer();
    const plain = await running.get('/cgi-bin/nothing-here');
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({ errcode: 40066, errmsg: expect.stringMatching(/^invalid url, hint: no API at \/cgi-bin\/nothing-here/) });
    requestIdOf(plain);
    const tcmpp = await running.get('/openserver/nothing');
    expect(tcmpp.body).toEqual({ errcode: 40066, errmsg: expect.any(String), requestId: requestIdOf(tcmpp) });
    expect((await running.get('/openserver')).body.errcode).toBe(40066);
    expect((await running.get('/__proto__')).body.errcode).toBe(40066);
    expect((await running.get('/cgi-bin/token/')).body.errcode).toBe(40066);
  });

  test('43001 for a GET route called with POST, 43002 for a POST route called with GET', async () => {
    const running = await startServer();
    expect((await running.post('/cgi-bin/token', CREDENTIALS, {})).body).toEqual({ errcode: 43001, errmsg: expect.stringContaining('require GET method') });
    expect((await running.get('/cgi-bin/stable_token', CREDENTIALS)).body).toEqual({ errcode: 43002, errmsg: expect.stringContaining('require POST method') });
    const put = await send(urlOf(running.url, '/sns/jscode2session'), { method: 'PUT', body: '{}' });
    expect(put.body.errcode).toBe(43001);
    const tcmpp = await running.post('/openserver/wxa/checksession', {}, {});
    expect(tcmpp.body).toEqual({ errcode: 43001, errmsg: expect.any(String), requestId: requestIdOf(tcmpp) });
  });

  test('GET /health and /openserver/health answer {status: ok}', async () => {
    const running = await startServer();
    const health = await running.get('/health');
    expect(health.body).toEqual({ status: 'ok' });
    requestIdOf(health);
    const tcmpp = await running.get('/openserver/health');
    expect(tcmpp.body).toEqual({ status: 'ok', requestId: requestIdOf(tcmpp) });
  });

  test('every answer has its own request id', async () => {
    const running = await startServer();
    const answers = await Promise.all(Array.from({ length: 20 }, () => running.get('/health')));
    expect(new Set(answers.map(requestIdOf)).size).toBe(20);
  });
});

describe('the body', () => {
  const oversize = (running: { url: string }, body: BodyInit, init: RequestInit = {}) =>
    send(urlOf(running.url, '/cgi-bin/stable_token'), { method: 'POST', body, ...init });

  test('a declared body over maxBodyBytes answers 413 with 45002; one at the cap is read', async () => {
    const running = await startServer({ maxBodyBytes: 1024 });
    const answer = await oversize(running, 'x'.repeat(1025));
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ errcode: 45002, errmsg: expect.stringContaining('over 1024 bytes') });
    requestIdOf(answer);
    const atCap = JSON.stringify({ ...CREDENTIALS, pad: '' });
    const padded = JSON.stringify({ ...CREDENTIALS, pad: 'p'.repeat(1024 - atCap.length) });
    expect(Buffer.byteLength(padded)).toBe(1024);
    expect((await oversize(running, padded)).body.access_token).toEqual(expect.any(String));
  });

  test('a streamed body (no Content-Length) is cut at the cap: 413 with 45002', async () => {
    const running = await startServer({ maxBodyBytes: 1024 });
    const chunk = new TextEncoder().encode('y'.repeat(600));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 4) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const answer = await oversize(running, stream, { duplex: 'half' } as RequestInit);
    expect(answer.status).toBe(413);
    expect(answer.body.errcode).toBe(45002);
  });

  test('a 5 MiB body under the default 64 KiB cap is refused, and the server keeps serving', async () => {
    const running = await startServer();
    const answer = await oversize(running, Buffer.alloc(5 * 1024 * 1024, 0x61));
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ errcode: 45002, errmsg: expect.stringContaining('over 65536 bytes') });
    expect((await running.get('/health')).body).toEqual({ status: 'ok' });
  });

  test('bad JSON and a JSON non-object answer 47001, an empty body 44002, bytes that are not UTF-8 47001', async () => {
    const running = await startServer();
    expect((await oversize(running, '{"grant_type":')).body).toEqual({ errcode: 47001, errmsg: expect.stringContaining('not valid JSON') });
    expect((await oversize(running, '"text"')).body).toEqual({ errcode: 47001, errmsg: expect.stringContaining('must be a JSON object') });
    expect((await oversize(running, 'null')).body.errcode).toBe(47001);
    expect((await oversize(running, '[{"grant_type":"client_credential"}]')).body).toEqual({ errcode: 47001, errmsg: expect.stringContaining('must be a JSON object') });
    expect((await oversize(running, '')).body).toEqual({ errcode: 44002, errmsg: expect.stringContaining('empty post data') });
    expect((await oversize(running, new Uint8Array([0x7b, 0xff, 0x7d]))).body).toEqual({ errcode: 47001, errmsg: expect.stringContaining('UTF-8') });
  });
});

describe('internal errors', () => {
  test('a failing store answers -1 system busy with the request id, tells onError, never the error or a stack', async () => {
    const errors: Array<{ error: unknown; info: unknown }> = [];
    const store = new MemoryStore();
    const running = await startServer({ store, onError: (error, info) => errors.push({ error, info }) });
    const token = await running.token();
    store.get = () => {
      throw new Error('disk on fire at /secret/path');
    };
    const answer = await running.get('/wxaapi/newtmpl/gettemplate', { access_token: token, secret: 'not-reported' });
    expect(answer.body).toEqual({ errcode: -1, errmsg: `system busy, rid: ${requestIdOf(answer)}` });
    expect(JSON.stringify(answer.body)).not.toContain('disk');
    expect(errors).toEqual([
      { error: expect.objectContaining({ message: 'disk on fire at /secret/path' }), info: { requestId: requestIdOf(answer), method: 'GET', path: '/wxaapi/newtmpl/gettemplate' } },
    ]);
  });

  test('an onError that throws changes nothing', async () => {
    const store = new MemoryStore();
    const running = await startServer({
      store,
      onError: () => {
        throw new Error('reporter down');
      },
    });
    store.adjust = () => {
      throw new Error('no counting today');
    };
    expect((await running.get('/cgi-bin/token', CREDENTIALS)).body.errcode).toBe(-1);
  });
});

describe('rate limits', () => {
  test('perClientPerMinute: 45011 with Retry-After past it, whatever headers the client forges; health is not counted; the next minute resets', async () => {
    const running = await startServer({ perClientPerMinute: 3 });
    running.now.ms = Date.UTC(2026, 0, 1, 0, 0, 50);
    for (let i = 0; i < 3; i++) expect((await running.get('/cgi-bin/nothing')).body.errcode).toBe(40066);
    expect((await running.get('/health')).body.status).toBe('ok');
    const limited = await send(urlOf(running.url, '/cgi-bin/token', CREDENTIALS), { headers: { 'x-forwarded-for': '10.0.0.9' } });
    expect(limited.body).toEqual({ errcode: 45011, errmsg: expect.stringContaining('calls from this client') });
    expect(limited.headers.get('retry-after')).toBe('10');
    running.now.ms += 10_000;
    expect((await running.get('/cgi-bin/token', CREDENTIALS)).body.expires_in).toBe(7200);
  });

  test('clientOf decides who a client is (here a header a proxy would set)', async () => {
    const running = await startServer({ perClientPerMinute: 1, clientOf: (request) => request.headers.get('x-client') ?? undefined });
    const as = (client: string) => send(urlOf(running.url, '/nothing'), { headers: { 'x-client': client } });
    expect((await as('a')).body.errcode).toBe(40066);
    expect((await as('b')).body.errcode).toBe(40066);
    expect((await as('a')).body.errcode).toBe(45011);
  });

  test('perAppPerMinute counts calls naming an app (by appid or by token), each app apart', async () => {
    const running = await startServer({ perAppPerMinute: 2 });
    running.now.ms = Date.UTC(2026, 0, 1, 0, 1, 0);
    const token = await running.token();
    expect((await running.get('/wxaapi/newtmpl/gettemplate', { access_token: token })).body.errcode).toBe(0);
    expect((await running.get('/wxaapi/newtmpl/gettemplate', { access_token: token })).body.errcode).toBe(45011);
    expect((await running.get('/cgi-bin/token', CREDENTIALS)).body).toEqual({ errcode: 45011, errmsg: expect.stringContaining(`calls for ${APP.appId}`) });
    expect(await running.token(APP2)).toEqual(expect.any(String));
  });
});

describe('the routes of subscriptions/ and soter/', () => {
  const TEMPLATE = { id: 'tmpl-shipped', title: 'Order shipped', kind: 'one-time' as const, keywords: ['thing1', 'time2'] };

  test("gettemplate lists the token's app's templates; subscribe/send consumes a one-time acceptance and delivers", async () => {
    const delivered: unknown[] = [];
    const running = await startServer({
      apps: [{ ...APP, templates: [TEMPLATE] }, APP2],
      deliver: (message) => void delivered.push(message),
    });
    const token = await running.token();
    const list = await running.get('/wxaapi/newtmpl/gettemplate', { access_token: token });
    expect(list.body).toEqual({ errcode: 0, errmsg: 'ok', data: [expect.objectContaining({ priTmplId: 'tmpl-shipped', title: 'Order shipped', type: 2 })] });
    expect((await running.get('/wxaapi/newtmpl/gettemplate', { access_token: await running.token(APP2) })).body.data).toEqual([]);
    const openid = await running.sessions.openIdOf(APP.appId, 'alice');
    await running.store.set(userKey(APP.appId, openid), JSON.stringify({ user: 'alice', since: 0 }));
    await running.store.adjust(oneTimeKey(APP.appId, openid, TEMPLATE.id), 1);
    const message = { touser: openid, template_id: TEMPLATE.id, data: { thing1: { value: 'Books' }, time2: { value: '2026-01-01 10:00' } } };
    const sent = await running.post('/cgi-bin/message/subscribe/send', { access_token: token }, message);
    expect(sent.body).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(delivered).toEqual([expect.objectContaining({ appId: APP.appId, openid, templateId: TEMPLATE.id })]);
    const again = await running.post('/cgi-bin/message/subscribe/send', { access_token: token }, message);
    expect(again.body).toEqual({ errcode: 43101, errmsg: expect.stringContaining(`rid: ${requestIdOf(again)}`) });
    expect((await running.post('/cgi-bin/message/subscribe/send', {}, message)).body.errcode).toBe(41001);
  });

  test('subscribe/send over HTTP: 47001, 40037, 47003 and 40003 in that order, each consuming nothing', async () => {
    const running = await startServer({ apps: [{ ...APP, templates: [TEMPLATE] }] });
    const token = await running.token();
    const openid = await running.sessions.openIdOf(APP.appId, 'alice');
    await running.store.set(userKey(APP.appId, openid), JSON.stringify({ user: 'alice', since: 0 }));
    await running.store.adjust(oneTimeKey(APP.appId, openid, TEMPLATE.id), 1);
    const good = { touser: openid, template_id: TEMPLATE.id, data: { thing1: { value: 'Books' }, time2: { value: '2026-01-01 10:00' } } };
    const errcodeOf = async (body: Record<string, unknown>) =>
      (await running.post('/cgi-bin/message/subscribe/send', { access_token: token }, body)).body.errcode;
    expect(await errcodeOf({ template_id: TEMPLATE.id, data: good.data })).toBe(47001); // no touser
    expect(await errcodeOf({ ...good, template_id: 'tmpl-unknown', touser: 'nobody' })).toBe(40037); // the template first
    expect(await errcodeOf({ ...good, data: { thing1: { value: 'Books' } } })).toBe(47003); // a keyword missing
    expect(await errcodeOf({ ...good, data: { ...good.data, thing9: { value: 'x' } } })).toBe(47003); // one too many
    expect(await errcodeOf({ ...good, touser: 'an-openid-the-host-never-recorded' })).toBe(40003);
    // None of them used the acceptance: the good send still finds it, once.
    expect(await errcodeOf(good)).toBe(0);
    expect(await errcodeOf(good)).toBe(43101);
  });

  test('a deliver hook that throws is reported to onError; the send still succeeded', async () => {
    const errors: Array<{ info: unknown }> = [];
    const running = await startServer({
      apps: [{ ...APP, templates: [TEMPLATE] }],
      deliver: () => {
        throw new Error('push service down');
      },
      onError: (_error, info) => void errors.push({ info }),
    });
    const openid = await running.sessions.openIdOf(APP.appId, 'alice');
    await running.store.set(userKey(APP.appId, openid), JSON.stringify({ user: 'alice', since: 0 }));
    await running.store.adjust(oneTimeKey(APP.appId, openid, TEMPLATE.id), 1);
    const body = { touser: openid, template_id: TEMPLATE.id, data: { thing1: { value: 'Books' }, time2: { value: 'now' } } };
    const sent = await running.post('/cgi-bin/message/subscribe/send', { access_token: await running.token() }, body);
    expect(sent.body.errcode).toBe(0);
    expect(errors).toEqual([{ info: expect.objectContaining({ requestId: requestIdOf(sent), path: '/cgi-bin/message/subscribe/send', context: expect.stringContaining('deliver failed') }) }]);
  });

  test('verify_signature is mounted behind the token: 40003 for an openid with no enrolled key, 47001 for a bad body', async () => {
    const running = await startServer();
    const token = await running.token();
    const body = { openid: 'nobody', json_string: '{}', json_signature: 'AA==' };
    expect((await running.post('/cgi-bin/soter/verify_signature', { access_token: token }, body)).body.errcode).toBe(40003);
    expect((await running.post('/cgi-bin/soter/verify_signature', { access_token: token }, { openid: 'x' })).body.errcode).toBe(47001);
    expect((await running.post('/cgi-bin/soter/verify_signature', {}, body)).body.errcode).toBe(41001);
  });
});
