/**
 * Access tokens over real HTTP: GET /cgi-bin/token, POST /cgi-bin/stable_token, the 7200 s life,
 * the five-minute overlap after a new token, stable_token's current token, each error number,
 * and that no token is kept in clear in the store.
 */
import { MemoryStore } from '@wxbridge/store';
import { APP, APP2, requestIdOf, startServer, type Running } from './harness';

const CREDENTIALS = { grant_type: 'client_credential', appid: APP.appId, secret: APP.secret };

async function checkToken(running: Running, token: string) {
  return running.get('/wxaapi/newtmpl/gettemplate', { access_token: token });
}

describe('GET /cgi-bin/token', () => {
  test('answers {access_token, expires_in: 7200} for an app and its secret, with a Request-Id', async () => {
    const running = await startServer();
    const answer = await running.get('/cgi-bin/token', CREDENTIALS);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expires_in: 7200 });
    requestIdOf(answer);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await checkToken(running, answer.body.access_token)).body.errcode).toBe(0);
  });

  test('accepts an app configured with secretHash only', async () => {
    const running = await startServer();
    const answer = await running.get('/cgi-bin/token', { grant_type: 'client_credential', appid: APP2.appId, secret: APP2.secret });
    expect(answer.body.expires_in).toBe(7200);
  });

  test.each([
    [{ appid: APP.appId, secret: APP.secret }, 40002],
    [{ grant_type: 'authorization_code', appid: APP.appId, secret: APP.secret }, 40002],
    [{ grant_type: 'client_credential', secret: APP.secret }, 41002],
    [{ grant_type: 'client_credential', appid: APP.appId }, 41004],
    [{ grant_type: 'client_credential', appid: 'wx-unknown', secret: APP.secret }, 40013],
    [{ grant_type: 'client_credential', appid: APP.appId, secret: 'wrong' }, 40125],
    [{ grant_type: 'client_credential', appid: APP.appId, secret: APP2.secret }, 40125],
  ])('%j answers %i', async (query, errcode) => {
    const running = await startServer();
    const answer = await running.get('/cgi-bin/token', query as Record<string, string>);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ errcode, errmsg: expect.stringContaining('rid: ') });
    requestIdOf(answer);
  });

  test('a parameter given twice is refused with 40097 naming it', async () => {
    const running = await startServer();
    const answer = await running.get(`/cgi-bin/token?grant_type=client_credential&appid=${APP.appId}&appid=x&secret=${APP.secret}`);
    expect(answer.body.errcode).toBe(40097);
    expect(answer.body.errmsg).toContain('appid is given 2 times');
  });

  test('a new token leaves the previous one valid five minutes, then 40001; a token expires after 7200 s with 42001', async () => {
    const running = await startServer();
    const first = await running.token();
    running.now.ms += 60_000;
    const second = await running.token();
    expect(second).not.toBe(first);
    running.now.ms += 4 * 60_000; // 4 minutes after the new one
    expect((await checkToken(running, first)).body.errcode).toBe(0);
    running.now.ms += 60_000; // 5 minutes after
    const replaced = await checkToken(running, first);
    expect(replaced.body).toEqual({ errcode: 40001, errmsg: expect.stringContaining('newer access_token') });
    expect((await checkToken(running, second)).body.errcode).toBe(0);
    running.now.ms += 7200_000 - 5 * 60_000; // the second one is 7200 s old
    expect((await checkToken(running, second)).body).toEqual({ errcode: 42001, errmsg: expect.stringContaining('access_token expired') });
  });

  test('the store holds no token in clear', async () => {
    const store = new MemoryStore();
    const running = await startServer({ store });
    const token = await running.token();
    const entries = [...(store as unknown as { map: Map<string, { value: string }> }).map.entries()];
    expect(entries.length).toBeGreaterThan(0);
    for (const [key, { value }] of entries) {
      expect(key).not.toContain(token);
      expect(value).not.toContain(token);
    }
  });
});

describe('POST /cgi-bin/stable_token', () => {
  test('gives back the current token while it is valid, with the seconds left; force_refresh issues a new one', async () => {
    const running = await startServer();
    const first = await running.post('/cgi-bin/stable_token', {}, CREDENTIALS);
    expect(first.body).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    running.now.ms += 100_000;
    const again = await running.post('/cgi-bin/stable_token', {}, { ...CREDENTIALS, force_refresh: false });
    expect(again.body).toEqual({ access_token: first.body.access_token, expires_in: 7100 });
    const forced = await running.post('/cgi-bin/stable_token', {}, { ...CREDENTIALS, force_refresh: true });
    expect(forced.body.access_token).not.toBe(first.body.access_token);
    expect(forced.body.expires_in).toBe(7200);
    expect((await running.post('/cgi-bin/stable_token', {}, CREDENTIALS)).body.access_token).toBe(forced.body.access_token);
  });

  test('gives back a token issued by GET /cgi-bin/token, and a new one when under five minutes are left', async () => {
    const running = await startServer();
    const token = await running.token();
    expect((await running.post('/cgi-bin/stable_token', {}, CREDENTIALS)).body.access_token).toBe(token);
    running.now.ms += 7200_000 - 5 * 60_000;
    const renewed = await running.post('/cgi-bin/stable_token', {}, CREDENTIALS);
    expect(renewed.body.access_token).not.toBe(token);
    expect(renewed.body.expires_in).toBe(7200);
  });

  test.each([
    [{ appid: APP.appId, secret: APP.secret }, 40002],
    [{ grant_type: 'client_credential', secret: APP.secret }, 41002],
    [{ grant_type: 'client_credential', appid: APP.appId }, 41004],
    [{ grant_type: 'client_credential', appid: 'wx-unknown', secret: 'x' }, 40013],
    [{ grant_type: 'client_credential', appid: APP.appId, secret: 'wrong' }, 40125],
    [{ ...CREDENTIALS, force_refresh: 'yes' }, 47001],
    [{ ...CREDENTIALS, appid: 42 }, 47001],
  ])('%j answers %i', async (body, errcode) => {
    const running = await startServer();
    expect((await running.post('/cgi-bin/stable_token', {}, body)).body.errcode).toBe(errcode);
  });
});

describe('token-protected routes', () => {
  test('41001 without access_token, 40001 for an unknown or malformed one', async () => {
    const running = await startServer();
    expect((await checkToken(running, '')).body.errcode).toBe(41001);
    expect((await running.get('/wxaapi/newtmpl/gettemplate')).body.errcode).toBe(41001);
    expect((await checkToken(running, 'A'.repeat(43))).body.errcode).toBe(40001);
    expect((await checkToken(running, 'not a token')).body.errcode).toBe(40001);
  });

  test("a token is its app's: another deployment secret issued none of this one's", async () => {
    const running = await startServer();
    const other = await startServer({ secret: 'another-deployment' });
    const token = await other.token();
    expect((await checkToken(running, token)).body.errcode).toBe(40001);
  });
});
