/**
 * GET /wxa/checksession over real HTTP: signature = hex(HMAC-SHA256(key = session_key, "")), keyed
 * by the session_key's text as WeChat's server SDKs key it, of the
 * user's current session → 0; a wrong one, an old session's, an expired one → 87009; each
 * parameter's error number.
 */
import { createHmac } from 'node:crypto';
import { APP, APP2, requestIdOf, startServer, type Running } from './harness';

const signatureOf = (sessionKey: string) => createHmac('sha256', sessionKey).update('').digest('hex');

async function login(running: Running, user: string, app = APP) {
  const { code } = await running.sessions.issueCode(app.appId, user);
  const answer = await running.get('/sns/jscode2session', { appid: app.appId, secret: app.secret, js_code: code, grant_type: 'authorization_code' });
  return answer.body as { openid: string; session_key: string };
}

async function check(running: Running, query: Record<string, string>, prefix = '') {
  return running.get(`${prefix}/wxa/checksession`, { access_token: await running.token(), sig_method: 'hmac_sha256', ...query });
}

describe('GET /wxa/checksession', () => {
  test("0 ok for the signature of the user's current session_key, in lowercase or uppercase hex", async () => {
    const running = await startServer();
    const { openid, session_key } = await login(running, 'alice');
    const answer = await check(running, { openid, signature: signatureOf(session_key) });
    expect(answer.body).toEqual({ errcode: 0, errmsg: 'ok' });
    requestIdOf(answer);
    expect((await check(running, { openid, signature: signatureOf(session_key).toUpperCase() })).body.errcode).toBe(0);
    const tcmpp = await check(running, { openid, signature: signatureOf(session_key) }, '/openserver');
    expect(tcmpp.body).toEqual({ errcode: 0, errmsg: 'ok', requestId: requestIdOf(tcmpp) });
  });

  test('87009 for a signature keyed by the 16 bytes the session_key encodes (not what the SDKs send)', async () => {
    const running = await startServer();
    const { openid, session_key } = await login(running, 'alice');
    const byBytes = createHmac('sha256', Buffer.from(session_key, 'base64')).update('').digest('hex');
    expect((await check(running, { openid, signature: byBytes })).body.errcode).toBe(87009);
  });

  test('87009 for a wrong signature, for the session a newer login replaced, and once the session is over', async () => {
    const running = await startServer();
    const first = await login(running, 'alice');
    expect((await check(running, { openid: first.openid, signature: 'ab'.repeat(32) })).body).toEqual({
      errcode: 87009,
      errmsg: expect.stringContaining('invalid signature'),
    });
    const second = await login(running, 'alice');
    expect((await check(running, { openid: first.openid, signature: signatureOf(first.session_key) })).body.errcode).toBe(87009);
    expect((await check(running, { openid: second.openid, signature: signatureOf(second.session_key) })).body.errcode).toBe(0);
    running.now.ms += 24 * 3600_000 + 1;
    expect((await check(running, { openid: second.openid, signature: signatureOf(second.session_key) })).body).toEqual({
      errcode: 87009,
      errmsg: expect.stringContaining('session is over'),
    });
  });

  test("40003 for an openid this app never saw (another app's user included), 41009 without one", async () => {
    const running = await startServer();
    const other = await login(running, 'alice', APP2);
    expect((await check(running, { openid: other.openid, signature: signatureOf(other.session_key) })).body.errcode).toBe(40003);
    expect((await check(running, { openid: 'nobody', signature: 'ab' })).body.errcode).toBe(40003);
    expect((await check(running, { signature: 'ab' })).body.errcode).toBe(41009);
  });

  test('40097 without a signature or with another sig_method; 41001 / 40001 for the token', async () => {
    const running = await startServer();
    const { openid, session_key } = await login(running, 'alice');
    expect((await check(running, { openid })).body).toEqual({ errcode: 40097, errmsg: expect.stringContaining('signature is required') });
    expect((await check(running, { openid, signature: signatureOf(session_key), sig_method: 'md5' })).body.errcode).toBe(40097);
    const query = { openid, signature: signatureOf(session_key), sig_method: 'hmac_sha256' };
    expect((await running.get('/wxa/checksession', query)).body.errcode).toBe(41001);
    expect((await running.get('/wxa/checksession', { ...query, access_token: 'x'.repeat(43) })).body.errcode).toBe(40001);
  });
});
