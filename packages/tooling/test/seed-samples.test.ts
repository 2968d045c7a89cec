// The platform docs' sample code runs unchanged against a host configured as the README shows
// (examples/superapp-host.mjs, loaded through the built package like an integrator would).
import { MemoryStore } from '@wxbridge/store';
import { loadExample } from '../test-support/load-example';
import { openPlatform } from '../test-support/open-platform';
import { joinHost, onCleanup } from '../test-support/pair';
import * as samples from './fixtures/seed-samples';

type Ui = { confirm: jest.Mock; settingsPage: jest.Mock };

async function setUp(answers: { confirm: boolean }) {
  const ui: Ui = { confirm: jest.fn(async () => answers.confirm), settingsPage: jest.fn(async (s: object) => s) };
  const { createSuperappHost } = loadExample<{ createSuperappHost: (o: object) => import('@wxbridge/host').Host }>(
    'examples/superapp-host.mjs',
  );
  // The open-platform server the mini program's backend redeems codes with, on the example's store and secret.
  const store = new MemoryStore();
  const platform = openPlatform({ apps: ['wx-seed-samples'], store, secret: 'replace-with-a-secret-from-your-config' });
  const host = createSuperappHost({ ui, currentUser: () => 'user-1', store });
  // The samples only have callbacks: `idle` waits until the chain a sample started has run to its end.
  const { bridge, idle } = joinHost(host, { appId: 'wx-seed-samples' });
  onCleanup(() => host.dispose());
  // The rest of the runtime a mini program expects; not part of this bridge.
  const runtime = { startRecord: jest.fn(), request: jest.fn() };
  const logs: unknown[] = [];
  const g = globalThis as Record<string, unknown>;
  g.wx = { ...bridge.wx, ...runtime };
  const consoleLog = jest.spyOn(console, 'log').mockImplementation((...args) => void logs.push(args));
  onCleanup(() => (delete g.wx, consoleLog.mockRestore()));
  await bridge.ready;
  return { host, platform, bridge, ui, runtime, logs, idle };
}

describe('the seeds’ sample code, unchanged', () => {
  test('getSetting → authorize → startRecord: the user allows once, and is not asked again', async () => {
    const { ui, runtime, idle } = await setUp({ confirm: true });
    samples.authorizeRecord();
    await idle();
    expect(ui.confirm).toHaveBeenCalledWith('Allow this mini program to use the microphone?');
    expect(runtime.startRecord).toHaveBeenCalledTimes(1);
    samples.authorizeRecord(); // already granted: getSetting says so, no authorize, no prompt
    await idle();
    // Two dialogs in all: the privacy guideline (authorize is privacy-gated), then the microphone.
    expect(ui.confirm.mock.calls.map((c) => c[0])).toEqual([
      'Agree to "My Superapp Privacy Guide"?',
      'Allow this mini program to use the microphone?',
    ]);
    expect(runtime.startRecord).toHaveBeenCalledTimes(1);
  });

  test('getSetting → authorize denied: startRecord never runs', async () => {
    const { runtime, idle } = await setUp({ confirm: false });
    samples.authorizeRecord();
    await idle();
    expect(runtime.startRecord).not.toHaveBeenCalled();
  });

  test('getSetting → getUserInfo once scope.userInfo is granted', async () => {
    const { bridge, logs, idle } = await setUp({ confirm: true });
    samples.getUserInfoPage();
    await idle();
    expect(logs).toEqual([]); // not yet authorized: the sample does nothing
    await bridge.wx.requirePrivacyAuthorize(); // the README's host gates user info on privacy consent
    await bridge.wx.authorize({ scope: 'scope.userInfo' });
    samples.getUserInfoPage();
    await idle();
    expect(logs).toEqual([
      [{ nickName: 'Ada', avatarUrl: 'https://example.com/ada.png', gender: 0, country: '', province: '', city: '', language: 'en' }],
    ]);
  });

  test('checkSession → login, then login → request with a code the backend can redeem once', async () => {
    const { platform, runtime, idle } = await setUp({ confirm: true });
    const login = jest.spyOn((globalThis as unknown as { wx: { login: () => void } }).wx, 'login');
    samples.checkSessionThenLogin();
    await idle();
    expect(login).toHaveBeenCalledTimes(1); // no session yet: the sample logs in again

    samples.login();
    await idle();
    expect(runtime.request).toHaveBeenCalledTimes(1);
    const { url, data } = runtime.request.mock.calls[0]![0];
    expect(url).toBe('https://example.com/onLogin');
    const first = await platform.redeem('wx-seed-samples', data.code);
    expect(first).toEqual({ openid: expect.any(String), session_key: expect.any(String) });
    expect((await platform.redeem('wx-seed-samples', data.code)).errcode).toBe(40163);

    login.mockClear();
    samples.checkSessionThenLogin(); // the session of the last code is valid now
    await idle();
    expect(login).not.toHaveBeenCalled();
  });
});

describe('the seeds’ payment and auth-code samples, unchanged', () => {
  async function withHost(setup: (host: import('@wxbridge/host').Host) => void) {
    const { makePair } = await import('../test-support/pair');
    const pair = makePair(setup);
    const runtime = { request: jest.fn() };
    const g = globalThis as Record<string, unknown>;
    g.wx = { ...pair.bridge.wx, ...runtime };
    onCleanup(() => delete g.wx);
    await pair.bridge.ready;
    return { ...pair, runtime };
  }

  test('requestPayment reaches the handler with the order fields, and the sample handles the answer', async () => {
    const payments: unknown[] = [];
    const { idle } = await withHost((host) => host.handle('requestPayment', (params) => (payments.push(params), { pay_time: 1, order_no: 'A1' })));
    samples.requestPayment();
    await idle();
    expect(payments).toEqual([{ timeStamp: '', nonceStr: '', package: '', signType: 'RSA', paySign: '' }]);
  });

  test('getAuthCode → request with res.code', async () => {
    const { runtime, idle } = await withHost((host) => host.handle('getAuthCode', (params) => ({ authCode: 'auth-' + params.scopes.join('+') })));
    samples.getAuthCode();
    await idle();
    expect(runtime.request).toHaveBeenCalledWith({ url: 'https://example.com/onLogin', data: { code: 'auth-CUSTOM_SCOPE_X+CUSTOM_SCOPE_Y' } });
  });
});
