/**
 * The gate's scope step, proven with two APIs that are only catalogue rows: getLocation needs
 * scope.userLocation, getFuzzyLocation scope.userFuzzyLocation; the integrator answers them with
 * host.handle and writes no other code.
 */
import type { AuthorizePromptRequest, HostOptions } from '@wxbridge/host';
import { makePair } from '../../../tooling/test-support/pair';

const HERE = { latitude: 31.23, longitude: 121.47, speed: 0, accuracy: 12 };

function locationPair(authorize: (request: AuthorizePromptRequest) => boolean | Promise<boolean>, options: HostOptions = {}) {
  const located = jest.fn((params: Record<string, unknown>) => ({ ...HERE, altitude: params.altitude ? 8 : 0 }));
  const fuzzy = jest.fn(() => ({ latitude: 31.2, longitude: 121.5 }));
  const prompt = jest.fn(authorize);
  const settings = jest.fn((): Record<string, boolean> => ({ 'scope.userLocation': true }));
  const pair = makePair(
    (host) => {
      host.handle('getLocation', located as never);
      host.handle('getFuzzyLocation', fuzzy);
    },
    { host: { prompts: { authorize: prompt, settings }, ...options }, app: { appId: 'wx-maps' } },
  );
  return { ...pair, located, fuzzy, prompt, settings };
}

describe('an API that needs a scope (getLocation, getFuzzyLocation: catalogue rows only)', () => {
  test('never asked → the scope prompt, then the handler; granted → the handler without a prompt', async () => {
    const { bridge, located, prompt } = locationPair(() => true);
    await expect(bridge.wx.getLocation({ type: 'wgs84', altitude: true })).resolves.toEqual({
      ...HERE,
      altitude: 8,
      errMsg: 'getLocation:ok',
    });
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(prompt.mock.calls[0]![0]).toMatchObject({ scope: 'scope.userLocation', description: 'your precise location', app: { appId: 'wx-maps' } });
    expect(located).toHaveBeenCalledTimes(1);
    expect(located.mock.calls[0]![0]).toEqual({ type: 'wgs84', altitude: true });
    await expect(bridge.wx.getLocation({})).resolves.toMatchObject({ errMsg: 'getLocation:ok' });
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(located).toHaveBeenCalledTimes(2);
    await expect(bridge.wx.getSetting()).resolves.toEqual({ authSetting: { 'scope.userLocation': true }, errMsg: 'getSetting:ok' });
  });

  test('denied at the prompt → auth deny (103); asked again → auth deny with no prompt and no handler call', async () => {
    const { bridge, located, prompt } = locationPair(() => false);
    const denied = { errMsg: 'getLocation:fail auth deny', errno: 103 };
    await expect(bridge.wx.getLocation({ type: 'gcj02' })).rejects.toEqual(denied);
    await expect(bridge.wx.getLocation({ type: 'gcj02' })).rejects.toEqual(denied);
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(located).not.toHaveBeenCalled();
  });

  test('a scope granted through wx.authorize is used without a prompt; each location API has its own scope', async () => {
    const { bridge, fuzzy, prompt } = locationPair(() => true);
    await bridge.wx.authorize({ scope: 'scope.userFuzzyLocation' });
    expect(prompt).toHaveBeenCalledTimes(1);
    await expect(bridge.wx.getFuzzyLocation({ type: 'wgs84' })).resolves.toEqual({ latitude: 31.2, longitude: 121.5, errMsg: 'getFuzzyLocation:ok' });
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(fuzzy).toHaveBeenCalledTimes(1);
    await bridge.wx.getLocation({});
    expect(prompt.mock.calls.map(([request]) => request.scope)).toEqual(['scope.userFuzzyLocation', 'scope.userLocation']);
  });

  test('openSetting flips a denied scope: the next call runs the handler without a prompt', async () => {
    const { bridge, located, prompt, settings } = locationPair(() => false);
    await expect(bridge.wx.getLocation({})).rejects.toEqual({ errMsg: 'getLocation:fail auth deny', errno: 103 });
    await bridge.runInTap(() => bridge.wx.openSetting());
    expect(settings.mock.calls[0]).toEqual([expect.objectContaining({ authSetting: { 'scope.userLocation': false } })]);
    await expect(bridge.wx.getLocation({})).resolves.toMatchObject({ errMsg: 'getLocation:ok', latitude: HERE.latitude });
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(located).toHaveBeenCalledTimes(1);
  });

  test('parameters are checked before the gate asks anything', async () => {
    const { bridge, prompt } = locationPair(() => true);
    await expect(bridge.wx.getLocation({ type: 'mars' as never })).rejects.toEqual({
      errMsg: expect.stringMatching(/^getLocation:fail parameter error: parameter\.type /),
      errno: 1001,
    });
    expect(prompt).not.toHaveBeenCalled();
  });

  test('the privacy step runs before the scope step', async () => {
    const order: string[] = [];
    const { bridge } = locationPair(() => (order.push('scope'), true), {
      privacy: { contractName: 'Maps guide' },
      prompts: {
        privacy: () => (order.push('privacy'), true),
        authorize: () => (order.push('scope'), true),
        settings: () => ({}),
      },
    });
    await bridge.wx.getLocation({});
    expect(order).toEqual(['privacy', 'scope']);
  });

  test('without a handler the API is not offered: not supported (100), nothing asked', async () => {
    const prompt = jest.fn(() => true);
    const { bridge } = makePair(() => {}, { host: { prompts: { authorize: prompt } } });
    await expect(bridge.wx.getLocation({})).rejects.toEqual({ errMsg: 'getLocation:fail not supported', errno: 100 });
    expect(bridge.wx.canIUse('getLocation')).toBe(false);
    expect(prompt).not.toHaveBeenCalled();
  });
});
