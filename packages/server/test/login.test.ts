/**
 * GET /sns/jscode2session over real HTTP, with codes the host's SessionService issued on the same
 * store: the answer, single use (also under concurrent redemptions), every error number, the
 * integrator's hooks (unionIdOf, blockedUser), the per-user minute limit, and TCMPP's shapes.
 */
import { OpenIds, userKey } from '@wxbridge/store/records';
import { APP, APP2, SECRET, requestIdOf, startServer, type Running } from './harness';

const redeem = (running: Running, code: string, app: { appId: string; secret: string } = APP, prefix = '') =>
  running.get(`${prefix}/sns/jscode2session`, { appid: app.appId, secret: app.secret, js_code: code, grant_type: 'authorization_code' });

describe('GET /sns/jscode2session', () => {
  test("answers the user's openid and the session_key of the session the code started, once", async () => {
    const running = await startServer();
    const { code } = await running.sessions.issueCode(APP.appId, 'alice');
    const answer = await redeem(running, code);
    expect(answer.body).toEqual({
      openid: await running.sessions.openIdOf(APP.appId, 'alice'),
      session_key: (await running.sessions.sessionOf(APP.appId, 'alice'))!.sessionKey,
    });
    expect(answer.body.openid).toBe(await new OpenIds(SECRET).of(APP.appId, 'alice'));
    requestIdOf(answer);
    const again = await redeem(running, code);
    expect(again.body).toEqual({ errcode: 40163, errmsg: expect.stringMatching(/^code been used, hint: .*, rid: /) });
  });

  test('of ten concurrent redemptions of one code exactly one gets the session, the others 40163', async () => {
    const running = await startServer();
    const { code } = await running.sessions.issueCode(APP.appId, 'alice');
    const answers = await Promise.all(Array.from({ length: 10 }, () => redeem(running, code)));
    expect(answers.filter((a) => typeof a.body.openid === 'string')).toHaveLength(1);
    expect(answers.filter((a) => a.body.errcode === 40163)).toHaveLength(9);
  });

  test('40029 for a garbage code, an unknown one, an expired one; another app\'s attempt leaves the code to its own app', async () => {
    const running = await startServer();
    expect((await redeem(running, 'garbage')).body.errcode).toBe(40029);
    expect((await redeem(running, 'A'.repeat(32))).body.errcode).toBe(40029);
    const { code } = await running.sessions.issueCode(APP.appId, 'alice');
    expect((await redeem(running, code, APP2)).body.errcode).toBe(40029);
    expect((await redeem(running, code)).body.openid).toEqual(expect.any(String));
    const late = await running.sessions.issueCode(APP.appId, 'bob');
    running.now.ms += 5 * 60_000 + 1;
    const expired = await redeem(running, late.code);
    expect(expired.body).toEqual({ errcode: 40029, errmsg: expect.stringContaining('expired') });
  });

  test.each([
    [{ secret: APP.secret, js_code: 'x', grant_type: 'authorization_code' }, 41002],
    [{ appid: APP.appId, js_code: 'x', grant_type: 'authorization_code' }, 41004],
    [{ appid: APP.appId, secret: APP.secret, grant_type: 'authorization_code' }, 41008],
    [{ appid: APP.appId, secret: APP.secret, js_code: '', grant_type: 'authorization_code' }, 41008],
    [{ appid: APP.appId, secret: APP.secret, js_code: 'x' }, 40002],
    [{ appid: APP.appId, secret: APP.secret, js_code: 'x', grant_type: 'client_credential' }, 40002],
    [{ appid: 'wx-unknown', secret: APP.secret, js_code: 'x', grant_type: 'authorization_code' }, 40013],
    [{ appid: APP.appId, secret: 'wrong', js_code: 'x', grant_type: 'authorization_code' }, 40125],
  ])('%j answers %i', async (query, errcode) => {
    const running = await startServer();
    const answer = await running.get('/sns/jscode2session', query);
    expect(answer.body).toEqual({ errcode, errmsg: expect.any(String) });
    requestIdOf(answer);
  });

  test('a wrong secret never consumes the code', async () => {
    const running = await startServer();
    const { code } = await running.sessions.issueCode(APP.appId, 'alice');
    expect((await redeem(running, code, { appId: APP.appId, secret: 'wrong' })).body.errcode).toBe(40125);
    expect((await redeem(running, code)).body.openid).toEqual(expect.any(String));
  });

  test('adds a unionid derived from unionIdOf, as the host would', async () => {
    const running = await startServer({ unionIdOf: async (user) => (user === 'alice' ? 'person-1' : undefined) });
    const alice = await running.sessions.issueCode(APP.appId, 'alice');
    const bob = await running.sessions.issueCode(APP.appId, 'bob');
    expect((await redeem(running, alice.code)).body.unionid).toBe(await new OpenIds(SECRET).union('person-1'));
    expect((await redeem(running, bob.code)).body).not.toHaveProperty('unionid');
  });

  test('blockedUser true answers 40226 and leaves the code redeemable; it is told the app, openid and user', async () => {
    const seen: unknown[] = [];
    let blocked = true;
    const running = await startServer({ blockedUser: (attempt) => (seen.push(attempt), blocked) });
    const { code } = await running.sessions.issueCode(APP.appId, 'alice');
    expect((await redeem(running, code)).body).toEqual({ errcode: 40226, errmsg: expect.stringContaining('risky user') });
    expect(seen).toEqual([{ appId: APP.appId, openid: await running.sessions.openIdOf(APP.appId, 'alice'), user: 'alice' }]);
    blocked = false;
    expect((await redeem(running, code)).body.openid).toEqual(expect.any(String));
  });

  test('a hook that throws answers -1 system busy (to onError, without its message) and leaves the code redeemable', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const running = await startServer({
      blockedUser: () => {
        if (fail) throw new Error('risk service down: secret detail');
        return false;
      },
      onError: (error, info) => errors.push({ error, info }),
    });
    const { code } = await running.sessions.issueCode(APP.appId, 'alice');
    const busy = await redeem(running, code);
    expect(busy.body).toEqual({ errcode: -1, errmsg: `system busy, rid: ${requestIdOf(busy)}` });
    expect(errors).toEqual([{ error: expect.objectContaining({ message: 'risk service down: secret detail' }), info: { requestId: requestIdOf(busy), method: 'GET', path: '/sns/jscode2session' } }]);
    fail = false;
    expect((await redeem(running, code)).body.openid).toEqual(expect.any(String));
  });

  test("45011 past loginsPerUserPerMinute redemptions of one user's codes (with Retry-After); the code stays redeemable", async () => {
    const running = await startServer({ loginsPerUserPerMinute: 2 });
    running.now.ms = Date.UTC(2026, 0, 1, 0, 0, 15);
    const codes = await Promise.all([1, 2, 3].map(() => running.sessions.issueCode(APP.appId, 'alice')));
    const other = await running.sessions.issueCode(APP.appId, 'bob');
    const openIds = new OpenIds(SECRET);
    const [alice, bob] = [await openIds.of(APP.appId, 'alice'), await openIds.of(APP.appId, 'bob')];
    expect((await redeem(running, codes[0]!.code)).body.openid).toBe(alice);
    expect((await redeem(running, codes[1]!.code)).body.openid).toBe(alice);
    const limited = await redeem(running, codes[2]!.code);
    expect(limited.body).toEqual({ errcode: 45011, errmsg: expect.stringContaining('minute-quota') });
    expect(limited.headers.get('retry-after')).toBe('45');
    expect((await redeem(running, other.code)).body.openid).toBe(bob);
    running.now.ms += 45_000;
    expect((await redeem(running, codes[2]!.code)).body.openid).toBe(alice);
  });

  test("the server records the openid's user when the host has not (what checksession and subscribe/send map back)", async () => {
    const running = await startServer();
    const { code } = await running.sessions.issueCode(APP.appId, 'alice');
    const key = userKey(APP.appId, await running.sessions.openIdOf(APP.appId, 'alice'));
    await running.store.delete(key);
    await redeem(running, code);
    expect(JSON.parse((await running.store.get(key))!)).toEqual({ user: 'alice', since: running.now.ms });
  });
});

describe('under /openserver/ (TCMPP)', () => {
  test('a login answers with requestId; an error also carries empty openid, session_key and unionid', async () => {
    const running = await startServer();
    const { code } = await running.sessions.issueCode(APP.appId, 'alice');
    const ok = await redeem(running, code, APP, '/openserver');
    expect(ok.body).toEqual({ openid: expect.any(String), session_key: expect.any(String), requestId: requestIdOf(ok) });
    const used = await redeem(running, code, APP, '/openserver');
    expect(used.body).toEqual({ errcode: 40163, errmsg: expect.any(String), openid: '', session_key: '', unionid: '', requestId: requestIdOf(used) });
    const missing = await running.get('/openserver/sns/jscode2session', { appid: APP.appId });
    expect(missing.body).toEqual({ errcode: 41004, errmsg: expect.any(String), openid: '', session_key: '', unionid: '', requestId: requestIdOf(missing) });
  });

  test('the token route answers with requestId too', async () => {
    const running = await startServer();
    const answer = await running.get('/openserver/cgi-bin/token', { grant_type: 'client_credential', appid: APP.appId, secret: APP.secret });
    expect(answer.body).toEqual({ access_token: expect.any(String), expires_in: 7200, requestId: requestIdOf(answer) });
  });
});
