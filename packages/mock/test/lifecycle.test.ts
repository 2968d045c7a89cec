/** Refusing production, and dispose leaving nothing behind. */
import { createMockHost } from '@wxbridge/mock';
import { openMock, until } from './helpers';

describe('production guard', () => {
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = saved;
    jest.restoreAllMocks();
  });

  it('refuses to start when NODE_ENV is production, or when told it is production', () => {
    process.env.NODE_ENV = 'production';
    expect(() => createMockHost()).toThrow(/mock host must not ship/);
    process.env.NODE_ENV = 'development';
    expect(() => createMockHost({ production: true })).toThrow(/mock host must not ship/);
  });

  it('allowInProduction starts it with one loud warning', async () => {
    process.env.NODE_ENV = 'production';
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const mock = openMock({ allowInProduction: true });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/MOCK host is running in PRODUCTION/);
    const { bridge } = mock.connectGuest({ tapTarget: null });
    await expect(bridge.wx.login()).resolves.toMatchObject({ errMsg: 'login:ok' });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('does not warn outside production', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    openMock({ allowInProduction: true });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('dispose', () => {
  it('leaves nothing pending: waits ended, guests closed, connections gone', async () => {
    const mock = openMock();
    await mock.set('login', 'timeout');
    await mock.set('checkSession', { preset: 'success', latencyMs: 60_000 });
    const { bridge } = mock.connectGuest({ tapTarget: null, timeout: 0 });
    const { bridge: other } = mock.connectGuest({ tapTarget: null, timeout: 0 });
    const calls = [bridge.wx.login(), other.wx.checkSession()];
    await until(() => mock.pendingCount === 2, 'both calls to reach the mock and wait');
    expect(mock.pendingCount).toBe(2);
    expect(mock.host.connections.size).toBe(2);

    mock.dispose();
    expect(mock.pendingCount).toBe(0);
    expect(mock.host.connections.size).toBe(0);
    expect(bridge.pendingCount).toBe(0);
    expect(other.pendingCount).toBe(0);
    await expect(calls[0]).rejects.toMatchObject({ errMsg: 'login:fail bridge disposed' });
    await expect(calls[1]).rejects.toMatchObject({ errMsg: 'checkSession:fail bridge disposed' });
    mock.dispose(); // twice is harmless
  });

  it('closing one guest leaves the others served', async () => {
    const mock = openMock();
    const a = mock.connectGuest({ tapTarget: null });
    const b = mock.connectGuest({ tapTarget: null });
    await a.bridge.ready;
    a.close();
    expect(mock.host.connections.size).toBe(1);
    await expect(b.bridge.wx.login()).resolves.toMatchObject({ errMsg: 'login:ok' });
  });
});
