// The sync APIs answer from the mini program's first line when the runtime has a snapshot (issue 14,
// item 1): one the host handed over with the page (`connectGuest({ snapshot })`), or the last welcome
// (while reconnecting). Without either they throw, naming the global that exists (`wxbridge.ready`).
import type { GuestSnapshot } from '@wxbridge/guest';
import { canIUseList, type Host } from '@wxbridge/host';
import { makePair } from '../../tooling/test-support/pair';

const SHOP = { appId: 'wx-shop', envVersion: 'release', version: '1.0.1' } as const;

describe('a snapshot handed over with the page', () => {
  test('the sync APIs answer from it before the handshake; calls still wait; the welcome then replaces it', async () => {
    // What the host said of this app when the page was built: an older version, fewer APIs.
    const snapshot: GuestSnapshot = {
      account: { miniProgram: { appId: 'wx-shop', envVersion: 'release', version: '1.0.0' } },
      canIUse: canIUseList(['getAccountInfoSync', 'canIUse', 'login']),
    };
    const given = JSON.parse(JSON.stringify(snapshot)) as GuestSnapshot;
    const { bridge } = makePair(
      (host) => {
        host.handle('login', () => ({ code: 'c1' }));
        host.handle('checkSession', () => ({}));
      },
      { app: SHOP, guest: { snapshot } },
    );
    const { wx } = bridge;
    expect(bridge.connected).toBe(false);
    expect(wx.getAccountInfoSync()).toEqual(snapshot.account);
    expect(wx.canIUse('login')).toBe(true);
    expect(wx.canIUse('login.success.code')).toBe(true); // the schemas below the API names too
    expect(wx.canIUse('checkSession')).toBe(false);
    // Answers are copies: the snapshot is not changed through them.
    wx.getAccountInfoSync().miniProgram.appId = 'changed';
    expect(snapshot).toEqual(given);

    const early = wx.login();
    expect(bridge.pendingCount).toBe(1); // queued for the handshake, as without a snapshot
    await expect(early).resolves.toEqual({ code: 'c1', errMsg: 'login:ok' });
    // The welcome is the host's word: it replaces the snapshot.
    expect(bridge.connected).toBe(true);
    expect(wx.getAccountInfoSync()).toEqual({ miniProgram: SHOP });
    expect(wx.canIUse('checkSession')).toBe(true);
    expect(snapshot).toEqual(given);
  });

  test('a welcome the host sent an earlier page of the app serves as the next page’s snapshot', async () => {
    const setup = (host: Host) => host.handle('login', () => ({ code: 'c1' }));
    const welcome = await makePair(setup, { app: SHOP }).bridge.ready;
    const { bridge } = makePair(setup, { app: SHOP, guest: { snapshot: welcome } });
    expect(bridge.connected).toBe(false);
    expect(bridge.wx.getAccountInfoSync()).toEqual({ miniProgram: SHOP });
    expect(bridge.wx.canIUse('login')).toBe(true);
    expect(bridge.wx.canIUse('button.open-type.getPhoneNumber')).toBe(false); // not offered by this host
    await bridge.ready;
    expect(bridge.wx.getAccountInfoSync()).toEqual({ miniProgram: SHOP });
  });
});

describe('without a snapshot', () => {
  test('before the first welcome getAccountInfoSync throws, naming wxbridge.ready; canIUse knows only the sync APIs', async () => {
    const { bridge } = makePair((host) => host.handle('login', () => ({ code: 'c1' })), { app: SHOP });
    expect(() => bridge.wx.getAccountInfoSync()).toThrow(
      new Error('getAccountInfoSync:fail the mini program is not connected to a host yet (await wxbridge.ready)'),
    );
    expect(bridge.wx.canIUse('canIUse')).toBe(true);
    expect(bridge.wx.canIUse('login')).toBe(false);
    await bridge.ready;
    expect(bridge.wx.getAccountInfoSync()).toEqual({ miniProgram: SHOP });
  });

  test('while reconnecting after a host goodbye, the sync APIs answer from the last welcome', async () => {
    const { bridge, host } = makePair(
      (h) => {
        h.handle('login', () => ({ code: 'c1' }));
        h.handle('getAuthCode', () => new Promise(() => {}));
      },
      { app: SHOP },
    );
    await bridge.ready;
    const arrived = new Promise((resolve) => host.once('call', resolve));
    const pending = bridge.wx.getAuthCode({ scopes: ['camera'] });
    await arrived;
    host.dispose(); // says goodbye: the call sent fails, and the guest says hello again
    await expect(pending).rejects.toEqual({ errMsg: 'getAuthCode:fail host disconnected' });
    expect(bridge.connected).toBe(false);
    expect(bridge.wx.getAccountInfoSync()).toEqual({ miniProgram: SHOP });
    expect(bridge.wx.canIUse('login')).toBe(true);
  });
});
