/**
 * POST /wxa/business/getuserphonenumber and wxbridge's POST /wxa/business/getuseremail over real
 * HTTP, with share codes the host's SessionService issued: the answer with its watermark, single
 * use, bound to the app, and each error number.
 */
import { APP, APP2, requestIdOf, startServer, type Running } from './harness';

const PHONE = { phoneNumber: '+86 13800138000', purePhoneNumber: '13800138000', countryCode: '86' };

async function redeemPhone(running: Running, body: unknown, app = APP) {
  return running.post('/wxa/business/getuserphonenumber', { access_token: await running.token(app) }, body);
}

describe('POST /wxa/business/getuserphonenumber', () => {
  test('answers phone_info with a watermark of the time and the appid, once', async () => {
    const running = await startServer();
    const { code } = await running.sessions.issueShareCode(APP.appId, 'alice', 'phoneNumber', PHONE);
    const answer = await redeemPhone(running, { code });
    expect(answer.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: { ...PHONE, watermark: { timestamp: Math.floor(running.now.ms / 1000), appid: APP.appId } },
    });
    requestIdOf(answer);
    expect((await redeemPhone(running, { code })).body.errcode).toBe(40163);
  });

  test("40029 for another app's code (which stays its app's), an email code, an unknown or an expired one", async () => {
    const running = await startServer();
    const { code } = await running.sessions.issueShareCode(APP.appId, 'alice', 'phoneNumber', PHONE);
    expect((await redeemPhone(running, { code }, APP2)).body.errcode).toBe(40029);
    const email = await running.sessions.issueShareCode(APP.appId, 'alice', 'emailAddress', { emailAddress: 'a@example.com' });
    expect((await redeemPhone(running, { code: email.code })).body.errcode).toBe(40029);
    expect((await redeemPhone(running, { code: 'B'.repeat(32) })).body.errcode).toBe(40029);
    expect((await redeemPhone(running, { code })).body.errcode).toBe(0);
    const late = await running.sessions.issueShareCode(APP.appId, 'alice', 'phoneNumber', PHONE);
    running.now.ms += 5 * 60_000 + 1;
    expect((await redeemPhone(running, { code: late.code })).body).toEqual({ errcode: 40029, errmsg: expect.stringContaining('expired') });
  });

  test.each([
    ['{}', 41008],
    ['{"code": ""}', 41008],
    ['{"code": 12}', 47001],
    ['{"code": ["a"]}', 47001],
    ['[1]', 47001],
    ['{"code": ', 47001],
    ['', 44002],
    ['  \n', 44002],
  ])('body %j answers %i', async (body, errcode) => {
    const running = await startServer();
    const answer = await redeemPhone(running, body);
    expect(answer.body).toEqual({ errcode, errmsg: expect.any(String) });
    requestIdOf(answer);
  });

  test('GET answers 43002; no token 41001', async () => {
    const running = await startServer();
    expect((await running.get('/wxa/business/getuserphonenumber', { access_token: await running.token() })).body.errcode).toBe(43002);
    expect((await running.post('/wxa/business/getuserphonenumber', {}, { code: 'x' })).body.errcode).toBe(41001);
  });
});

describe("POST /wxa/business/getuseremail (wxbridge's own)", () => {
  test('answers email_info with a watermark, once; a phone code is not an email code', async () => {
    const running = await startServer();
    const { code } = await running.sessions.issueShareCode(APP.appId, 'alice', 'emailAddress', { emailAddress: 'alice@example.com' });
    const phone = await running.sessions.issueShareCode(APP.appId, 'alice', 'phoneNumber', PHONE);
    const token = await running.token();
    const answer = await running.post('/openserver/wxa/business/getuseremail', { access_token: token }, { code });
    expect(answer.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      email_info: { emailAddress: 'alice@example.com', watermark: { timestamp: Math.floor(running.now.ms / 1000), appid: APP.appId } },
      requestId: requestIdOf(answer),
    });
    expect((await running.post('/wxa/business/getuseremail', { access_token: token }, { code })).body.errcode).toBe(40163);
    expect((await running.post('/wxa/business/getuseremail', { access_token: token }, { code: phone.code })).body.errcode).toBe(40029);
    expect((await running.post('/wxa/business/getuseremail', { access_token: token }, {})).body.errcode).toBe(41008);
  });
});
