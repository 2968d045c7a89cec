import { normaliseUserInfo, userInfoResult, wxFail, type HostOptions } from '@wxbridge/host';
import { makePair } from '../../../tooling/test-support/pair';

const ada = { nickName: 'Ada', avatarUrl: 'https://img.example/ada/132', gender: 2, country: 'UK', province: 'London', city: 'London', language: 'en' } as const;

describe('normalising what a handler returns', () => {
  test('flat and nested shapes give the same canonical user info; extra fields pass through', () => {
    const flat = userInfoResult({ ...ada, vip: true, signature: 'sig' }, 'en');
    const nested = userInfoResult({ userInfo: { ...ada, vip: true }, signature: 'sig', openIdHint: 'x' }, 'en');
    expect(flat.userInfo).toEqual({ ...ada, vip: true });
    expect(nested.userInfo).toEqual({ ...ada, vip: true });
    expect(flat).toMatchObject({ signature: 'sig', rawData: JSON.stringify({ ...ada, vip: true }) });
    expect(nested).toMatchObject({ signature: 'sig', openIdHint: 'x' });
  });

  test('missing or wrong fields get the documented defaults', () => {
    expect(normaliseUserInfo({ nickName: 'N', gender: 'female', language: 'fr' }, 'zh_CN')).toEqual({
      nickName: 'N',
      avatarUrl: '',
      gender: 0,
      country: '',
      province: '',
      city: '',
      language: 'zh_CN',
    });
    expect(normaliseUserInfo(null, 'xx').language).toBe('en');
  });
});

function profilePair(options: HostOptions, handler = jest.fn((params: { lang?: string }) => ({ userInfo: { ...ada, language: params.lang }, encryptedData: 'enc', iv: 'iv' }))) {
  const pair = makePair((host) => host.handle('getUserProfile', handler as never), { host: options });
  return { ...pair, handler };
}

describe('getUserProfile', () => {
  test('asks for consent every time and passes lang to the handler', async () => {
    const consent = jest.fn(() => true);
    const { bridge, handler } = profilePair({ prompts: { userProfile: consent } });
    const first = await bridge.runInTap(() => bridge.wx.getUserProfile({ desc: 'Show your name', lang: 'zh_TW' }));
    expect(first).toEqual({
      userInfo: { ...ada, language: 'zh_TW' },
      rawData: JSON.stringify({ ...ada, language: 'zh_TW' }),
      encryptedData: 'enc',
      iv: 'iv',
      errMsg: 'getUserProfile:ok',
    });
    await bridge.runInTap(() => bridge.wx.getUserProfile({ desc: 'Again' }));
    expect(consent).toHaveBeenCalledTimes(2);
    expect(consent).toHaveBeenLastCalledWith(expect.objectContaining({ desc: 'Again', lang: 'en' }));
    expect(handler).toHaveBeenLastCalledWith(expect.objectContaining({ lang: 'en' }), expect.anything());
  });

  test('refusal is auth deny (103); no tap, a missing or too long desc fail before any prompt', async () => {
    const consent = jest.fn(() => false);
    const { bridge, handler } = profilePair({ prompts: { userProfile: consent } });
    await expect(bridge.runInTap(() => bridge.wx.getUserProfile({ desc: 'ok' }))).rejects.toEqual({
      errMsg: 'getUserProfile:fail auth deny',
      errno: 103,
    });
    await expect(bridge.wx.getUserProfile({ desc: 'ok' })).rejects.toEqual({
      errMsg: 'getUserProfile:fail can only be invoked by user TAP gesture.',
    });
    await expect(bridge.runInTap(() => bridge.wx.getUserProfile({ desc: 'x'.repeat(31) }))).rejects.toEqual({
      errMsg: 'getUserProfile:fail desc length does not meet the requirements',
      errno: 1001,
    });
    await expect(bridge.runInTap(() => bridge.wx.getUserProfile({} as never))).rejects.toEqual({
      errMsg: 'getUserProfile:fail parameter error: parameter.desc should be String instead of Undefined;',
      errno: 1001,
    });
    expect(consent).toHaveBeenCalledTimes(1);
    expect(handler).not.toHaveBeenCalled();
  });

  test('is offered only with a handler and a consent hook', async () => {
    const { bridge } = profilePair({});
    await bridge.ready;
    expect(bridge.wx.canIUse('getUserProfile')).toBe(false);
  });
});

describe('getUserInfo', () => {
  test('seeds mode (default): needs scope.userInfo, then returns what the handler provides', async () => {
    const { bridge } = makePair((host) => host.handle('getUserInfo', () => ada), { host: { prompts: { authorize: () => true } } });
    await expect(bridge.wx.getUserInfo()).rejects.toEqual({ errMsg: 'getUserInfo:fail scope unauthorized', errno: 103 });
    await bridge.wx.authorize({ scope: 'scope.userInfo' });
    await expect(bridge.wx.getUserInfo({ lang: 'en' })).resolves.toEqual({
      userInfo: ada,
      rawData: JSON.stringify(ada),
      errMsg: 'getUserInfo:ok',
    });
  });

  test('handler failures pass through untouched', async () => {
    const { bridge } = makePair((host) => host.handle('getUserInfo', () => wxFail('no profile', { errno: 3 })), {
      host: { userInfo: { mode: 'seeds' }, prompts: { authorize: () => true } },
    });
    await bridge.wx.authorize({ scope: 'scope.userInfo' });
    await expect(bridge.wx.getUserInfo()).rejects.toEqual({ errMsg: 'getUserInfo:fail no profile', errno: 3 });
  });

  test('anonymous mode: no scope, no prompt, no handler call; authorize(scope.userInfo) succeeds at once', async () => {
    const handler = jest.fn(() => ada);
    const prompt = jest.fn(() => false);
    const { bridge } = makePair((host) => host.handle('getUserInfo', handler), {
      host: { userInfo: { mode: 'anonymous' }, prompts: { authorize: prompt } },
    });
    const result = await bridge.wx.getUserInfo();
    expect(result.userInfo).toEqual({ nickName: '微信用户', avatarUrl: '', gender: 0, country: '', province: '', city: '', language: 'zh_CN' });
    await expect(bridge.wx.authorize({ scope: 'scope.userInfo' })).resolves.toEqual({ errMsg: 'authorize:ok' });
    await expect(bridge.wx.getSetting()).resolves.toMatchObject({ authSetting: { 'scope.userInfo': true } });
    expect(handler).not.toHaveBeenCalled();
    expect(prompt).not.toHaveBeenCalled();
  });
});
