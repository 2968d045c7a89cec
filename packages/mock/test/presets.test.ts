/** Every preset of every handler-based API, through a real guest. */
import type { GuestBridge } from '@wxbridge/guest';
import {
  MOCK_DENY_REASONS,
  MOCK_ERROR_REASONS,
  MOCK_HANDLER_APIS,
  MOCK_LOCATION,
  MOCK_PRESETS,
  type MockHandlerApi,
  type MockPreset,
} from '@wxbridge/mock';
import { detail, openPair, settled, type Settled } from './helpers';

const PAYMENT = { timeStamp: '1700000000', nonceStr: 'n0nce', package: 'prepay_id=wx1', signType: 'RSA', paySign: 'sig' };

/** How a mini program makes each call. */
const CALLS: Record<MockHandlerApi, (bridge: GuestBridge) => Promise<Settled>> = {
  login: (b) => settled(b.wx.login()),
  checkSession: (b) => settled(b.wx.checkSession()),
  // The platform's rule stays: getUserInfo needs scope.userInfo (the authorize setting grants it).
  getUserInfo: async (b) => {
    await b.wx.authorize({ scope: 'scope.userInfo' });
    return settled(b.wx.getUserInfo({ lang: 'zh_CN' }));
  },
  getUserProfile: (b) => settled(b.runInTap(() => b.wx.getUserProfile({ desc: 'show your name on the card' }))),
  getAuthCode: (b) => settled(b.wx.getAuthCode({ scopes: ['auth_user'] })),
  requestPayment: (b) => settled(b.wx.requestPayment(PAYMENT)),
  getPhoneNumber: (b) => detail(b.runInTap(() => b.invokeOpenType('getPhoneNumber'))),
  getEmailAddress: (b) => detail(b.runInTap(() => b.invokeOpenType('getEmailAddress'))),
  chooseAvatar: (b) => detail(b.runInTap(() => b.invokeOpenType('chooseAvatar'))),
  // Their scopes are asked first (the authorize setting grants them), as getUserInfo's.
  getLocation: (b) => settled(b.wx.getLocation({ type: 'wgs84' })),
  getFuzzyLocation: (b) => settled(b.wx.getFuzzyLocation({ type: 'gcj02' })),
};

const hex = '[0-9a-f]{12}';
const SUCCESS: Record<MockHandlerApi, (result: Record<string, unknown>) => void> = {
  login: (r) => expect(r.code).toMatch(new RegExp(`^mock-code-\\d+-${hex}$`)),
  checkSession: (r) => expect(Object.keys(r)).toEqual(['errMsg']),
  getUserInfo: (r) => {
    expect(r.userInfo).toEqual({
      nickName: 'Mock User',
      avatarUrl: 'https://mock.wxbridge.invalid/avatar.png',
      gender: 0,
      country: 'Mockland',
      province: 'Mock Province',
      city: 'Mock City',
      language: 'zh_CN',
    });
    expect(JSON.parse(r.rawData as string)).toEqual(r.userInfo);
  },
  getUserProfile: (r) => expect(r.userInfo).toMatchObject({ nickName: 'Mock User', language: 'en' }),
  getAuthCode: (r) => {
    expect(r.code).toMatch(new RegExp(`^mock-auth-code-\\d+-${hex}$`));
    expect(r.authCode).toBe(r.code);
    expect(r.authSuccessScopes).toEqual(['auth_user']);
  },
  requestPayment: (r) => expect(Object.keys(r)).toEqual(['errMsg']),
  getPhoneNumber: (r) => expect(r.code).toMatch(/^mock-phone-code-/),
  getEmailAddress: (r) => expect(r.code).toMatch(/^mock-email-code-/),
  chooseAvatar: (r) => expect(r.avatarUrl).toBe('https://mock.wxbridge.invalid/chosen-avatar.png'),
  getLocation: (r) => expect(r).toEqual({ errMsg: 'getLocation:ok', ...MOCK_LOCATION }),
  getFuzzyLocation: (r) => expect(r).toEqual({ errMsg: 'getFuzzyLocation:ok', latitude: 48.86, longitude: 2.29 }),
};

type AnsweredPreset = Exclude<MockPreset, 'ask'>; // `ask` shows a dialog: ask.test.ts

function expected(api: MockHandlerApi, preset: Exclude<AnsweredPreset, 'success'>): Record<string, unknown> {
  switch (preset) {
    case 'deny':
      return { errMsg: `${api}:fail ${MOCK_DENY_REASONS[api] ?? 'auth deny'}`, errno: 103 };
    case 'cancel':
      return { errMsg: `${api}:fail cancel`, errno: 1 };
    case 'timeout':
      return { errMsg: `${api}:fail time out`, errno: 5 };
    default:
      return { errMsg: `${api}:fail ${MOCK_ERROR_REASONS[api] ?? 'mock error'}`, errno: 4 };
  }
}

const cases = MOCK_HANDLER_APIS.flatMap((api) =>
  MOCK_PRESETS[api].filter((preset): preset is AnsweredPreset => preset !== 'ask').map((preset) => [api, preset] as const),
);

describe('every preset of every handler-based API', () => {
  it('covers every handler API with success, a fail and timeout', () => {
    for (const api of MOCK_HANDLER_APIS) {
      expect(MOCK_PRESETS[api]).toEqual(expect.arrayContaining(['success', 'error', 'timeout']));
    }
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s → %s', async (api, preset) => {
    const { mock, bridge } = openPair({}, { timeout: 80, interactiveTimeout: 80 });
    await mock.set(api, preset);
    const { ok, result } = await CALLS[api](bridge);
    if (preset === 'success') {
      expect(ok).toBe(true);
      expect(result.errMsg).toBe(`${api}:ok`);
      SUCCESS[api](result);
    } else {
      expect(ok).toBe(false);
      expect(result).toEqual(expected(api, preset));
    }
  });

  it('login codes are unique on every call', async () => {
    const { wx } = openPair();
    const codes = await Promise.all([wx.login(), wx.login(), wx.login()]);
    expect(new Set(codes.map((r) => r.code)).size).toBe(3);
  });

  it('getUserInfo keeps the platform rule: no scope.userInfo, no profile', async () => {
    const { wx } = openPair();
    await expect(wx.getUserInfo()).rejects.toEqual({ errMsg: 'getUserInfo:fail scope unauthorized', errno: 103 });
  });

  it('the host still validates parameters and taps before any setting is read', async () => {
    const { wx } = openPair();
    await expect(wx.getAuthCode({ scopes: 'x' } as never)).rejects.toMatchObject({ errno: 1001 });
    await expect(wx.getUserProfile({ desc: 'no tap' })).rejects.toEqual({
      errMsg: 'getUserProfile:fail can only be invoked by user TAP gesture.',
    });
  });
});
