/**
 * A backend written only from WeChat's documentation (fixtures/doc-backend.ts: fetch and
 * node:crypto, no wxbridge import) against the running server, its base URL the only change:
 * it redeems a wx.login code the host issued, checks the session with checksession, loses it when
 * the user logs in again, and reads a shared phone number. Under /openserver/ too.
 */
import { DocBackend } from './fixtures/doc-backend';
import { APP, startServer } from './harness';

describe.each(['', '/openserver'])('a backend from the documentation, base URL %j', (prefix) => {
  test('redeems a code once, checks its session, reads a phone number', async () => {
    const running = await startServer();
    const backend = new DocBackend(running.url + prefix, APP.appId, APP.secret);
    const { code } = await running.sessions.issueCode(APP.appId, 'alice');
    const session = await backend.code2Session(code);
    expect(session.openid).toBe(await running.sessions.openIdOf(APP.appId, 'alice'));
    await expect(backend.code2Session(code)).rejects.toMatchObject({ errcode: 40163 });
    expect(await backend.checkSessionKey(session.openid, session.session_key)).toBe(true);
    await running.sessions.issueCode(APP.appId, 'alice'); // a new wx.login replaces the session
    expect(await backend.checkSessionKey(session.openid, session.session_key)).toBe(false);
    const share = await running.sessions.issueShareCode(APP.appId, 'alice', 'phoneNumber', { phoneNumber: '+1 5550100', purePhoneNumber: '5550100', countryCode: '1' });
    expect(await backend.phoneNumber(share.code)).toEqual({ phoneNumber: '+1 5550100', purePhoneNumber: '5550100', countryCode: '1' });
  });

  test('refreshes its token when the server says it expired', async () => {
    const running = await startServer();
    const backend = new DocBackend(running.url + prefix, APP.appId, APP.secret);
    const first = await backend.code2Session((await running.sessions.issueCode(APP.appId, 'bob')).code);
    expect(await backend.checkSessionKey(first.openid, first.session_key)).toBe(true);
    running.now.ms += 7200_000; // the token is expired (42001); the session still lasts
    expect(await backend.checkSessionKey(first.openid, first.session_key)).toBe(true);
  });
});
