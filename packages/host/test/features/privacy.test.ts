import type { Host, HostOptions } from '@wxbridge/host';
import { arrivals, makePair, until } from '../../../tooling/test-support/pair';

const userInfo = { nickName: 'Ada', avatarUrl: 'https://img.example/ada.png' };

/** Resolves once the host knows the mini program listens to onNeedPrivacyAuthorization (the guest's subscribe event arrived). */
function listening(host: Host): Promise<void> {
  return until(
    () => [...host.connections].some((connection) => connection.listens('needPrivacyAuthorization')),
    'the host to hear that the mini program listens to onNeedPrivacyAuthorization',
  );
}

function privacyPair(options: HostOptions = {}) {
  return makePair(
    (host) => {
      host.handle('getUserInfo', () => ({ userInfo }));
    },
    { host: { privacy: { contractName: 'Demo Privacy Guide' }, userInfo: { mode: 'anonymous' }, ...options } },
  );
}

describe('privacy consent', () => {
  test('getPrivacySetting says whether agreement is needed, and names the guideline', async () => {
    const { bridge } = privacyPair({ prompts: { privacy: () => true } });
    await expect(bridge.wx.getPrivacySetting()).resolves.toEqual({
      needAuthorization: true,
      privacyContractName: 'Demo Privacy Guide',
      errMsg: 'getPrivacySetting:ok',
    });
    await bridge.wx.requirePrivacyAuthorize();
    await expect(bridge.wx.getPrivacySetting()).resolves.toMatchObject({ needAuthorization: false });
  });

  test("the mini program's listener gets (resolve, {referrer}); agree resumes every waiting call", async () => {
    const hostPrompt = jest.fn(() => false);
    const { bridge, host } = privacyPair({ prompts: { privacy: hostPrompt } });
    const arrived = arrivals(host);
    await bridge.ready;
    const referrers: string[] = [];
    let answer: ((r: { event: 'exposureAuthorization' | 'agree' | 'disagree' }) => void) | undefined;
    bridge.wx.onNeedPrivacyAuthorization((resolve, info) => {
      referrers.push(info.referrer);
      answer = resolve;
      resolve({ event: 'exposureAuthorization' });
    });
    await listening(host);
    const waiting = [bridge.wx.getUserInfo(), bridge.wx.requirePrivacyAuthorize(), bridge.wx.getUserInfo()];
    await until(() => arrived.length === 3 && referrers.length >= 1, 'the three calls to reach the host and the prompt to be asked');
    expect(referrers).toEqual(['getUserInfo']); // one prompt for all three
    answer!({ event: 'agree' });
    const results = await Promise.all(waiting);
    expect(results.map((r) => r.errMsg)).toEqual(['getUserInfo:ok', 'requirePrivacyAuthorize:ok', 'getUserInfo:ok']);
    expect(hostPrompt).not.toHaveBeenCalled();
    // Agreed: no further prompt.
    await expect(bridge.wx.requirePrivacyAuthorize()).resolves.toEqual({ errMsg: 'requirePrivacyAuthorize:ok' });
    expect(referrers).toHaveLength(1);
  });

  test('disagree fails every waiting call with errno 104, and the next call asks again', async () => {
    const { bridge, host } = privacyPair();
    const arrived = arrivals(host);
    await bridge.ready;
    let prompts = 0;
    bridge.wx.onNeedPrivacyAuthorization((resolve) => {
      prompts++;
      // The user answers once both calls are waiting on the question.
      void until(() => arrived.length >= 2, 'both calls to reach the host').then(() => resolve({ event: 'disagree' }));
    });
    await listening(host);
    const results = await Promise.all([
      bridge.wx.getUserInfo().catch((e: unknown) => e),
      bridge.wx.requirePrivacyAuthorize().catch((e: unknown) => e),
    ]);
    expect(results).toEqual([
      { errMsg: 'getUserInfo:fail privacy permission is not authorized', errno: 104 },
      { errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized', errno: 104 },
    ]);
    await bridge.wx.requirePrivacyAuthorize().catch(() => {});
    expect(prompts).toBe(2);
  });

  test('only the last registered listener is asked', async () => {
    const { bridge, host } = privacyPair();
    await bridge.ready;
    const asked: string[] = [];
    bridge.wx.onNeedPrivacyAuthorization((resolve) => (asked.push('first'), resolve({ event: 'disagree' })));
    bridge.wx.onNeedPrivacyAuthorization((resolve) => (asked.push('last'), resolve({ event: 'agree' })));
    await listening(host);
    await expect(bridge.wx.requirePrivacyAuthorize()).resolves.toEqual({ errMsg: 'requirePrivacyAuthorize:ok' });
    expect(asked).toEqual(['last']);
  });

  test("with no listener the host's own prompt decides; with neither, calls fail with 104 instead of hanging", async () => {
    const hook = jest.fn(() => true);
    const withHook = privacyPair({ prompts: { privacy: hook } });
    await expect(withHook.bridge.wx.getUserInfo()).resolves.toMatchObject({ errMsg: 'getUserInfo:ok' });
    expect(hook).toHaveBeenCalledWith(expect.objectContaining({ referrer: 'getUserInfo', contractName: 'Demo Privacy Guide' }));

    const without = privacyPair();
    await expect(without.bridge.wx.getUserInfo()).rejects.toEqual({
      errMsg: 'getUserInfo:fail privacy permission is not authorized',
      errno: 104,
    });
  });

  test('trustMiniProgramPrompt: false sends consent through the host even when the mini program listens', async () => {
    const hook = jest.fn(() => true);
    const { bridge, host } = privacyPair({ privacy: { contractName: 'X', trustMiniProgramPrompt: false }, prompts: { privacy: hook } });
    await bridge.ready;
    const listener = jest.fn((resolve: (r: { event: 'agree' }) => void) => resolve({ event: 'agree' }));
    bridge.wx.onNeedPrivacyAuthorization(listener);
    await listening(host);
    await bridge.wx.requirePrivacyAuthorize();
    expect(listener).not.toHaveBeenCalled();
    expect(hook).toHaveBeenCalledTimes(1);
  });

  test('without the privacy option nothing is gated, and onNeedPrivacyAuthorization is not offered', async () => {
    const { bridge } = makePair((host) => host.handle('getUserInfo', () => ({ userInfo })), { host: { userInfo: { mode: 'anonymous' } } });
    await expect(bridge.wx.getPrivacySetting()).resolves.toEqual({
      needAuthorization: false,
      privacyContractName: '',
      errMsg: 'getPrivacySetting:ok',
    });
    await expect(bridge.wx.getUserInfo()).resolves.toMatchObject({ errMsg: 'getUserInfo:ok' });
    expect(bridge.wx.canIUse('onNeedPrivacyAuthorization')).toBe(false);
  });

  test('agreement is stored per user', async () => {
    let user = 'alice';
    const hook = jest.fn(() => true);
    const { bridge } = privacyPair({ user: () => user, prompts: { privacy: hook } });
    await bridge.wx.requirePrivacyAuthorize();
    expect(bridge.wx.canIUse('onNeedPrivacyAuthorization')).toBe(true);
    user = 'bob';
    await expect(bridge.wx.getPrivacySetting()).resolves.toMatchObject({ needAuthorization: true });
    user = 'alice';
    await expect(bridge.wx.getPrivacySetting()).resolves.toMatchObject({ needAuthorization: false });
    expect(hook).toHaveBeenCalledTimes(1);
  });
});
