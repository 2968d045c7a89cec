// Identity: a mini program cannot act as another app, nor read another app's or another user's
// scopes, subscriptions, sessions or privacy decisions. The appId comes from host.connect, never
// from a message; decisions and sessions are kept under keys that encode user and app.
import fc from 'fast-check';
import { connectGuest, type GuestBridge } from '@wxbridge/guest';
import { DecisionStore, MemoryStore, SessionService, createHost, createPortTransport, type CallContext, type Host, type HostOptions } from '@wxbridge/host';
import { WIRE_MARKER, type WelcomeEnvelope } from '@wxbridge/protocol';
import { welcomeFor } from '../../../tooling/test-support/envelopes';
import { onCleanup, rawPair } from '../../../tooling/test-support/pair';
import { INVALID_CODE, openPlatform } from '../../../tooling/test-support/open-platform';

/** One host (one store) serving several mini programs, each on its own channel. */
function superapp(options: HostOptions): { host: Host; open(appId: string): GuestBridge } {
  const host = createHost(options);
  onCleanup(() => host.dispose());
  return {
    host,
    open(appId) {
      const { port1, port2 } = new MessageChannel();
      host.connect(createPortTransport(port1), { appId });
      const bridge = connectGuest({ transport: createPortTransport(port2), tapTarget: null });
      onCleanup(() => (bridge.dispose(), port1.close(), port2.close()));
      return bridge;
    },
  };
}

const TEMPLATES = [{ id: 'tmpl-1', title: 'Order shipped', kind: 'one-time' as const }];

function platform(user: () => string) {
  return superapp({
    store: new MemoryStore(),
    user,
    privacy: { contractName: 'Guide' },
    prompts: {
      authorize: () => true,
      privacy: () => true,
      subscribe: () => ({ choices: { 'tmpl-1': 'accept' }, keep: true }),
    },
    subscriptions: { templates: () => TEMPLATES },
    apiVersion: { login: 'v2', checkSession: 'v2' },
    sessions: new SessionService({ secret: 'identity' }),
  });
}

/** Everything a mini program decides or starts: a scope, the privacy agreement, a kept subscription, a login session. */
async function decideEverything(bridge: GuestBridge): Promise<string> {
  await bridge.wx.authorize({ scope: 'scope.camera' });
  await bridge.wx.requirePrivacyAuthorize();
  await bridge.runInTap(() => bridge.wx.requestSubscribeMessage({ tmplIds: ['tmpl-1'] }));
  return (await bridge.wx.login()).code;
}

/** What a mini program can read of its user's decisions. */
async function whatItSees(bridge: GuestBridge) {
  const setting = await bridge.wx.getSetting({ withSubscriptions: true });
  const privacy = await bridge.wx.getPrivacySetting();
  const session = await bridge.wx.checkSession().then(
    () => 'valid',
    () => 'none',
  );
  return { authSetting: setting.authSetting, items: setting.subscriptionsSetting?.itemSettings, needAuthorization: privacy.needAuthorization, session };
}

const NOTHING = { authSetting: {}, items: {}, needAuthorization: true, session: 'none' };
const EVERYTHING = { authSetting: { 'scope.camera': true }, items: { 'tmpl-1': 'accept' }, needAuthorization: false, session: 'valid' };

describe('a mini program cannot act as another app', () => {
  test('appId in the params, a forged hello or a welcome sent to the host change neither ctx.app nor the account', async () => {
    const seen: Array<CallContext['app']> = [];
    const { guest } = rawPair((h) => h.handle('login', (_p, ctx) => (seen.push(ctx.app), { code: 'c' })), { appId: 'wx-honest', envVersion: 'trial' });
    guest.send(welcomeFor('s', { account: { miniProgram: { appId: 'wx-victim', envVersion: 'release', version: '9' } }, capabilities: [], limits: { maxMessageBytes: 1, maxDepth: 1, maxInFlight: 1 } }));
    guest.send({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: 'x', session: 's', appId: 'wx-victim', account: { miniProgram: { appId: 'wx-victim' } } });
    guest.request(1, 'login', { appId: 'wx-victim', app: { appId: 'wx-victim' }, envVersion: 'release' });
    guest.request(2, 'login', {}, { appId: 'wx-victim', app: { appId: 'wx-victim' } });
    await guest.until(() => guest.responses().length === 2);
    expect(seen).toEqual([
      { appId: 'wx-honest', envVersion: 'trial', version: '' },
      { appId: 'wx-honest', envVersion: 'trial', version: '' },
    ]);
    const welcome = guest.received.find((e): e is WelcomeEnvelope => e.kind === 'welcome')!;
    expect(welcome.account).toEqual({ miniProgram: { appId: 'wx-honest', envVersion: 'trial', version: '' } });
  });

  test("a login code is redeemable only with its own app's id, and openids differ per app", async () => {
    // The apps' backends redeem with the open-platform server, each as its own app.
    const { sessions, redeem } = openPlatform({ apps: ['wx-a', 'wx-b'], secret: 'identity' });
    const { open } = superapp({ apiVersion: { login: 'v2' }, sessions, user: () => 'ada' });
    const { code } = await open('wx-a').wx.login();
    expect(await redeem('wx-b', code)).toEqual(INVALID_CODE);
    const redeemed = await redeem('wx-a', code);
    const other = await redeem('wx-b', (await open('wx-b').wx.login()).code);
    expect(redeemed).toMatchObject({ openid: expect.any(String) });
    expect(other).toMatchObject({ openid: expect.any(String) });
    expect(redeemed.openid).not.toBe(other.openid); // openids are per app
  });
});

describe("a mini program cannot read another app's or another user's decisions", () => {
  test('another app of the same user sees no scope, privacy agreement, subscription or session', async () => {
    const { open } = platform(() => 'ada');
    const first = open('wx-first');
    await decideEverything(first);
    expect(await whatItSees(first)).toEqual(EVERYTHING);
    expect(await whatItSees(open('wx-second'))).toEqual(NOTHING);
  });

  test('another user of the same app sees none of them either', async () => {
    let user = 'ada';
    const { open } = platform(() => user);
    const bridge = open('wx-shared-device');
    await decideEverything(bridge);
    user = 'grace';
    expect(await whatItSees(bridge)).toEqual(NOTHING);
    user = 'ada';
    expect(await whatItSees(bridge)).toEqual(EVERYTHING);
  });

  test('app ids and user ids that look like paths, encodings or prototype keys never meet', async () => {
    let user = '';
    const { open } = platform(() => user);
    const pairs: Array<[string, string]> = [
      ['wx/a', 'b'],
      ['wx', 'a/b'],
      ['wx%2Fa', 'b'],
      ['__proto__', 'constructor'],
      ['constructor', '__proto__'],
    ];
    user = pairs[0]![1];
    await decideEverything(open(pairs[0]![0]));
    for (const [appId, who] of pairs.slice(1)) {
      user = who;
      expect(await whatItSees(open(appId))).toEqual(NOTHING);
    }
  });

  test('DecisionStore keys differ for every two different (user, app) pairs', () => {
    fc.assert(
      fc.property(fc.tuple(fc.string(), fc.string()), fc.tuple(fc.string(), fc.string()), ([u1, a1], [u2, a2]) => {
        fc.pre(u1 !== u2 || a1 !== a2);
        return DecisionStore.key(u1, a1) !== DecisionStore.key(u2, a2);
      }),
      { seed: 20240607, numRuns: 2000 },
    );
  });
});
