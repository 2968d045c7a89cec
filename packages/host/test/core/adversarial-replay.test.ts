// Replay: a replayed or duplicated request id never runs twice; codes are single use: login
// codes (v2) and the codes behind a shared phone number or email address. (Forged replies with
// guessed ids: guest/test/lifecycle.test.ts and guest/test/fuzz-replies.test.ts.)
import { SessionService, type HostOptions } from '@wxbridge/host';
import { WIRE_MARKER } from '@wxbridge/protocol';
import { makePair, rawPair, until } from '../../../tooling/test-support/pair';
import { CODE_USED, EXPIRED_CODE, INVALID_CODE, openPlatform } from '../../../tooling/test-support/open-platform';

describe('request ids', () => {
  test('a duplicate sent while the first still runs, as JSON text, or after a cancel never runs again', async () => {
    let runs = 0;
    const { guest } = rawPair((h) => h.handle('getAuthCode', () => (runs++, new Promise(() => {}))));
    guest.hello();
    guest.request(3, 'getAuthCode', { scopes: ['a'] });
    await until(() => runs === 1, 'the first request to run');
    guest.request(3, 'getAuthCode', { scopes: ['a'] }); // while it runs
    guest.send(JSON.stringify({ wxbridge: 1, kind: 'request', id: 3, api: 'getAuthCode', params: { scopes: ['a'] } })); // as text
    guest.send({ wxbridge: WIRE_MARKER, kind: 'cancel', id: 3 });
    await guest.response(3);
    guest.request(3, 'getAuthCode', { scopes: ['a'] }); // after its cancel
    guest.request(2, 'getAuthCode', { scopes: ['a'] }); // older
    await guest.drained(); // both handled (refused as replays), and anything the host answered has arrived
    expect(runs).toBe(1);
    expect(guest.responses()).toEqual([expect.objectContaining({ id: 3, result: { errMsg: 'getAuthCode:fail time out', errno: 5 } })]);
  });

  test('a request refused as invalid still uses up its id', async () => {
    const handler = jest.fn(() => ({ code: 'c' }));
    const { guest } = rawPair((h) => h.handle('login', handler));
    guest.hello();
    guest.request(1, 'login', { deep: JSON.parse('['.repeat(40) + ']'.repeat(40)) });
    await guest.response(1);
    guest.request(1, 'login'); // the same id, now valid: a replay all the same
    await guest.drained();
    expect(handler).not.toHaveBeenCalled();
    expect(guest.responses()).toHaveLength(1);
  });
});

describe('single-use codes (redeemed by the backends with the open-platform server, over HTTP)', () => {
  const platform = (clock?: () => number) =>
    openPlatform({ apps: ['wx-test-app', 'wx-share', 'wx-other'], secret: 'replay', ...(clock ? { clock, codeTtlMs: 1000 } : {}) });

  test('a v2 login code redeems once; a replay answers 40163', async () => {
    const { sessions: service, redeem } = platform();
    const { bridge } = makePair(() => {}, { host: { apiVersion: { login: 'v2' }, sessions: service } });
    const { code } = await bridge.wx.login();
    await expect(redeem('wx-test-app', code)).resolves.toMatchObject({ openid: expect.any(String) });
    await expect(redeem('wx-test-app', code)).resolves.toEqual(CODE_USED);
  });

  function sharePair(service: SessionService, options: HostOptions = {}) {
    return makePair(
      (h) => {
        h.handle('getPhoneNumber', () => ({ phoneInfo: { phoneNumber: '+8613800000000', purePhoneNumber: '13800000000', countryCode: '86' } }));
        h.handle('getEmailAddress', () => ({ emailInfo: { emailAddress: 'ada@example.com' } }));
      },
      { host: { sessions: service, user: () => 'ada', ...options }, app: { appId: 'wx-share' } },
    );
  }

  test('a shared phone number reaches the mini program only as a code, which its backend redeems once', async () => {
    const { sessions: service, redeemShare } = platform();
    const { bridge } = sharePair(service);
    const detail = await bridge.runInTap(() => bridge.invokeOpenType('getPhoneNumber'));
    expect(detail).toEqual({ code: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), errMsg: 'getPhoneNumber:ok' });
    expect(JSON.stringify(detail)).not.toContain('13800000000');
    const { code } = detail as { code: string };
    await expect(redeemShare('wx-share', 'phoneNumber', code)).resolves.toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: { phoneNumber: '+8613800000000', purePhoneNumber: '13800000000', countryCode: '86', watermark: { appid: 'wx-share', timestamp: expect.any(Number) } },
    });
    await expect(redeemShare('wx-share', 'phoneNumber', code)).resolves.toEqual(CODE_USED);
  });

  test('an email code: single use, bound to its app and its kind; a guessed code is invalid', async () => {
    const { sessions: service, redeem, redeemShare } = platform();
    const { bridge } = sharePair(service);
    const { code } = (await bridge.runInTap(() => bridge.invokeOpenType('getEmailAddress'))) as { code: string };
    await expect(redeemShare('wx-other', 'emailAddress', code)).resolves.toEqual(INVALID_CODE); // another app
    await expect(redeemShare('wx-share', 'phoneNumber', code)).resolves.toEqual(INVALID_CODE); // another kind
    await expect(redeem('wx-share', code)).resolves.toEqual(INVALID_CODE); // not a login code
    await expect(redeemShare('wx-share', 'emailAddress', 'A'.repeat(32))).resolves.toEqual(INVALID_CODE);
    await expect(redeemShare('wx-share', 'emailAddress', code)).resolves.toMatchObject({ email_info: { emailAddress: 'ada@example.com' } });
    await expect(redeemShare('wx-share', 'emailAddress', code)).resolves.toEqual(CODE_USED);
  });

  test('two backends redeeming one shared code at once: exactly one gets it', async () => {
    const { sessions: service, redeemShare } = platform();
    const { bridge } = sharePair(service);
    const { code } = (await bridge.runInTap(() => bridge.invokeOpenType('getPhoneNumber'))) as { code: string };
    const answers = await Promise.all([1, 2, 3, 4].map(() => redeemShare('wx-share', 'phoneNumber', code)));
    expect(answers.filter((a) => 'phone_info' in a)).toHaveLength(1);
    expect(answers.filter((a) => a.errcode === 40163)).toHaveLength(3);
  });

  test('a shared code expires after codeTtlMs', async () => {
    let now = 1_000_000;
    const { sessions: service, redeemShare } = platform(() => now);
    const { bridge } = sharePair(service);
    const { code } = (await bridge.runInTap(() => bridge.invokeOpenType('getPhoneNumber'))) as { code: string };
    now += 1001;
    await expect(redeemShare('wx-share', 'phoneNumber', code)).resolves.toEqual(EXPIRED_CODE);
  });

  test('a handler that issues its own code keeps it: the host passes it through', async () => {
    const { bridge } = makePair((h) => h.handle('getPhoneNumber', () => ({ code: 'integrator-code' })));
    await expect(bridge.runInTap(() => bridge.invokeOpenType('getPhoneNumber'))).resolves.toEqual({ code: 'integrator-code', errMsg: 'getPhoneNumber:ok' });
  });

  test('issueShareCode refuses a bad app, user, kind or info', async () => {
    const service = new SessionService({ secret: 'replay' });
    await expect(service.issueShareCode('', 'u', 'phoneNumber', {})).rejects.toThrow('appId must be a non-empty string');
    await expect(service.issueShareCode('wx', '', 'phoneNumber', {})).rejects.toThrow('user must be a non-empty string');
    await expect(service.issueShareCode('wx', 'u', 'address' as never, {})).rejects.toThrow('kind must be one of phoneNumber, emailAddress');
    await expect(service.issueShareCode('wx', 'u', 'phoneNumber', null as never)).rejects.toThrow('info must be an object');
  });
});
