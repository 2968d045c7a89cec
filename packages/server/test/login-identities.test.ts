/**
 * Who jscode2session says the user is, over real HTTP: unionids from the integrator's `unionIdOf`
 * (the same across apps, HMACs apart from openids), and what sharing a store, or a store and the
 * secret, with the host's SessionService gives. (Moved from the host's code2Session tests.)
 */
import { OpenIds } from '@wxbridge/store/records';
import { APP, APP2, SECRET, requestIdOf, startServer, type Running } from './harness';

const BASE64URL_SHA256 = /^[A-Za-z0-9_-]{43}$/;

async function login(running: Running, user: string, app: { appId: string; secret: string } = APP) {
  const { code } = await running.sessions.issueCode(app.appId, user);
  return (await running.get('/sns/jscode2session', { appid: app.appId, secret: app.secret, js_code: code, grant_type: 'authorization_code' })).body;
}

test('unionid: the same across apps for one user, different per user, not the raw id, not an openid', async () => {
  const unionIdOf = jest.fn((user: string) => (user === 'guest' ? undefined : `union:${user}`));
  const running = await startServer({ unionIdOf });
  const a1 = await login(running, 'alice');
  const a2 = await login(running, 'alice', APP2);
  const b = await login(running, 'bob');
  expect(a1.unionid).toMatch(BASE64URL_SHA256);
  expect(a2.unionid).toBe(a1.unionid);
  expect(b.unionid).not.toBe(a1.unionid);
  expect(a1.unionid).not.toContain('alice');
  expect(a1.unionid).not.toBe(a1.openid);
  expect(a1.openid).not.toBe(a2.openid);
  expect(await login(running, 'guest')).not.toHaveProperty('unionid');
  expect(unionIdOf).toHaveBeenCalledWith('alice');
});

test('unionids and openids are domain-separated: a union id shaped like "appId NUL user" is not that openid', async () => {
  const running = await startServer({ unionIdOf: () => `${APP.appId}\0alice` });
  const session = await login(running, 'alice');
  expect(session.unionid).toMatch(BASE64URL_SHA256);
  expect(session.unionid).not.toBe(session.openid);
  expect(session.openid).toBe(await new OpenIds(SECRET).of(APP.appId, 'alice'));
});

test('a unionIdOf that throws answers -1 and leaves the code redeemable', async () => {
  let fail = true;
  const running = await startServer({
    unionIdOf: () => {
      if (fail) throw new Error('directory down');
      return 'u1';
    },
    onError: () => {},
  });
  const { code } = await running.sessions.issueCode(APP.appId, 'alice');
  const redeem = () => running.get('/sns/jscode2session', { appid: APP.appId, secret: APP.secret, js_code: code, grant_type: 'authorization_code' });
  const busy = await redeem();
  expect(busy.body).toEqual({ errcode: -1, errmsg: `system busy, rid: ${requestIdOf(busy)}` });
  fail = false;
  expect((await redeem()).body.unionid).toMatch(BASE64URL_SHA256);
});

test("sharing the host's store and secret: the server's openid and unionid are the host's, the session_key its session's", async () => {
  const running = await startServer({ unionIdOf: (user) => `corp/${user}` });
  const session = await login(running, 'alice');
  expect(session).toEqual({
    openid: await running.sessions.openIdOf(APP.appId, 'alice'),
    session_key: (await running.sessions.sessionOf(APP.appId, 'alice'))!.sessionKey,
    unionid: await new OpenIds(SECRET).union('corp/alice'),
  });
});

test('sharing the store but NOT the secret: codes still redeem, but openids and unionids differ from the host’s', async () => {
  const running = await startServer({ secret: 'another-secret', unionIdOf: (user) => user });
  const session = await login(running, 'alice');
  expect(session.openid).toMatch(BASE64URL_SHA256);
  // The server derives the ids with its own secret.
  expect(session.openid).not.toBe(await running.sessions.openIdOf(APP.appId, 'alice'));
  expect(session.unionid).not.toBe(await new OpenIds(SECRET).union('alice'));
});
