// The welcome's canIUse list (docs/protocol.md, section 6): the host works out every schema
// wx.canIUse answers true for, from the catalogue's schema tree and the capabilities it offers, so
// the guest answers by looking the schema up. The guest's answers from it are held to the reference
// model over the whole catalogue in tooling/test/guest-catalogue.test.ts.
import { canIUseList, type Host } from '@wxbridge/host';
import { DEFAULT_LIMITS, WIRE_MARKER, schemaTree, type WelcomeEnvelope } from '@wxbridge/protocol';
import type { App } from '../../src/core/app';
import { welcome } from '../../src/core/welcome';
import { rawPair } from '../../../tooling/test-support/pair';

async function welcomeOf(setup: (host: Host) => void): Promise<WelcomeEnvelope> {
  const { guest, close } = rawPair(setup);
  guest.hello();
  await guest.until(() => guest.received.some((e) => e.kind === 'welcome'));
  close();
  return guest.received.find((e) => e.kind === 'welcome') as WelcomeEnvelope;
}

test('the welcome lists what canIUse answers true for, from the capabilities it offers', async () => {
  const welcome = await welcomeOf((host) => {
    host.handle('login', () => ({ code: 'c' }));
    host.handle('getPhoneNumber', () => ({ code: 'p' }));
    host.registerApi('scanBadge', { handler: () => ({}) });
  });
  expect(welcome.canIUse).toEqual(canIUseList(welcome.capabilities));
  const list = welcome.canIUse!;
  // Offered APIs, their methods, fields and enum values; sync APIs always.
  for (const schema of ['login', 'login.object.timeout', 'login.success.code', 'canIUse', 'getAccountInfoSync.return.miniProgram.envVersion.trial']) {
    expect(list).toContain(schema);
  }
  // Open-types only below button.open-type; the integrator's own APIs as <api>.<name>.
  expect(list).toEqual(expect.arrayContaining(['button', 'button.open-type', 'button.open-type.getPhoneNumber', 'invokeNativePlugin.scanBadge']));
  for (const schema of ['getPhoneNumber', 'button.open-type.getEmailAddress', 'checkSession', 'checkSession.success', 'login.success.openid']) {
    expect(list).not.toContain(schema);
  }
  // The tree still goes along for guests from before the list.
  expect(welcome.schemas).toEqual(schemaTree());
});

test('canIUseList: <api>.<name> of an API with a namespace comes from the capabilities only, one name deep', () => {
  const list = canIUseList(['invokeNativePlugin', 'invokeNativePlugin.myApi', 'invokeNativePlugin.my.deeper', 'getSetting']);
  expect(list).toContain('invokeNativePlugin');
  expect(list).toContain('invokeNativePlugin.myApi');
  expect(list).toContain('invokeNativePlugin.object.api_name'); // its parameters, as any API's
  expect(list).not.toContain('invokeNativePlugin.object'); // two names: a capability, not a method
  expect(list).not.toContain('invokeNativePlugin.my.deeper');
  expect(list).toContain('getSetting.object.withSubscriptions');
  expect(canIUseList([])).toEqual(['button', 'button.open-type']);
});

test('welcomes of the same capabilities share one frozen list; other capabilities get their own', async () => {
  const owner = { name: 'h', version: '1', limits: DEFAULT_LIMITS, maxBatch: 64, interactive: () => [] };
  const hello = { wxbridge: WIRE_MARKER, kind: 'hello', protocol: 1, sdk: '0.1.0', session: 's' } as const;
  const account = { miniProgram: { appId: 'wx1', envVersion: 'release', version: '1' } } as const;
  const app = { appId: 'wx1' } as App;
  const login = { ...owner, capabilities: () => ['canIUse', 'login'] };
  const first = welcome(login, app, account, hello).canIUse!;
  expect(welcome(login, app, account, hello).canIUse).toBe(first);
  expect(Object.isFrozen(first)).toBe(true);
  const none = welcome({ ...owner, capabilities: () => ['canIUse'] }, app, account, hello).canIUse!;
  expect(none).not.toContain('login');
  expect(none).toEqual(canIUseList(['canIUse']));
  expect(welcome(login, app, account, hello).canIUse).toEqual(first);
});
