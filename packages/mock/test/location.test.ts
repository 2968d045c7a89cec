/**
 * getLocation and getFuzzyLocation, catalogue rows the mock serves with no code of its own: the
 * host's scope gate asks first (the authorize setting or dialog), then the mock's handler answers.
 */
import { MOCK_LOCATION } from '@wxbridge/mock';
import { openPair } from './helpers';

const LOCATION = { errMsg: 'getLocation:ok', ...MOCK_LOCATION };
const AUTH_DENY = { errMsg: 'getLocation:fail auth deny', errno: 103 };

describe('getLocation and getFuzzyLocation', () => {
  it('answer the sample after the scope prompt; the second call is not asked', async () => {
    const authorize = jest.fn(() => true);
    const { wx } = openPair({ dialogs: { authorize }, defaults: { authorize: 'ask' } });
    await expect(wx.getLocation({ type: 'wgs84' })).resolves.toEqual(LOCATION);
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(authorize).toHaveBeenCalledWith(expect.objectContaining({ scope: 'scope.userLocation', description: 'your precise location' }));
    await expect(wx.getLocation({ type: 'gcj02', altitude: true })).resolves.toEqual(LOCATION);
    expect(authorize).toHaveBeenCalledTimes(1);

    // Its own scope: asked once more.
    await expect(wx.getFuzzyLocation({ type: 'wgs84' })).resolves.toEqual({ errMsg: 'getFuzzyLocation:ok', latitude: 48.86, longitude: 2.29 });
    expect(authorize).toHaveBeenLastCalledWith(expect.objectContaining({ scope: 'scope.userFuzzyLocation' }));
    await expect(wx.getSetting()).resolves.toMatchObject({ authSetting: { 'scope.userLocation': true, 'scope.userFuzzyLocation': true } });
  });

  it('the deny preset on authorize: getLocation:fail auth deny (103), before its own setting is read', async () => {
    const { mock, wx } = openPair();
    await mock.set('authorize', 'deny');
    await mock.set('getLocation', 'error'); // what the handler would answer
    await expect(wx.getLocation({ type: 'wgs84' })).rejects.toEqual(AUTH_DENY);
    // The host keeps the refusal.
    await expect(wx.getSetting()).resolves.toMatchObject({ authSetting: { 'scope.userLocation': false } });
  });

  it('a denial in the dialog is remembered: no second dialog', async () => {
    const authorize = jest.fn(() => false);
    const { wx } = openPair({ dialogs: { authorize }, defaults: { authorize: 'ask' } });
    await expect(wx.getLocation({ type: 'wgs84' })).rejects.toEqual(AUTH_DENY);
    await expect(wx.getLocation({ type: 'wgs84' })).rejects.toEqual(AUTH_DENY);
    expect(authorize).toHaveBeenCalledTimes(1);
  });

  it('their settings: data over the sample, a refusal, the parameter checks', async () => {
    const { mock, wx } = openPair();
    await mock.set('getLocation', { preset: 'success', data: { latitude: 31.2304, longitude: 121.4737 } });
    await expect(wx.getLocation({ type: 'gcj02' })).resolves.toEqual({ ...LOCATION, latitude: 31.2304, longitude: 121.4737 });
    await mock.set('getFuzzyLocation', 'deny');
    await expect(wx.getFuzzyLocation({ type: 'wgs84' })).rejects.toEqual({ errMsg: 'getFuzzyLocation:fail auth deny', errno: 103 });
    await expect(wx.getLocation({ type: 'bd09' } as never)).rejects.toMatchObject({ errno: 1001 });
  });
});
