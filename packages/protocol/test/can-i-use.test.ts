// canIUse is a reference model in test support (the guest answers from the welcome's schema tree):
// these hold it to the catalogue.
import { apiNames, catalogue, type ApiEntry } from '../src';
import { canIUse } from '../../tooling/test-support/can-i-use';

const offered = new Set(['login', 'getUserProfile', 'getAccountInfoSync', 'canIUse', 'getPhoneNumber', 'getUserInfo', 'onNeedPrivacyAuthorization']);
const supported = (api: string) => offered.has(api);

describe('canIUse', () => {
  test.each([
    ['login', true],
    ['checkSession', false],
    ['login.object.timeout', true],
    ['login.object.nope', false],
    ['login.success.code', true],
    ['login.success.openid', false],
    ['login.return.code', false],
    ['getUserProfile.object.lang.zh_CN', true],
    ['getUserProfile.object.lang.fr', false],
    ['getUserProfile.success.userInfo.nickName', true],
    ['getUserProfile.success.userInfo.language.zh_TW', true],
    ['getUserProfile.success.userInfo.shoeSize', false],
    ['getAccountInfoSync', true],
    ['getAccountInfoSync.return.miniProgram.appId', true],
    ['getAccountInfoSync.return.miniProgram.envVersion.trial', true],
    ['getAccountInfoSync.return.plugin.version', true],
    ['getAccountInfoSync.return.other', false],
    ['onNeedPrivacyAuthorization.callback.referrer', true],
    ['onNeedPrivacyAuthorization.success.referrer', false],
    ['button.open-type.getPhoneNumber', true],
    ['button.open-type.getUserInfo', true],
    ['button.open-type.getEmailAddress', false],
    ['button.open-type.login', false],
    ['button.open-type', true],
    ['getPhoneNumber', false],
    ['getPhoneNumber.success.code', false],
    ['__proto__', false],
    ['constructor', false],
    ['toString', false],
    ['hasOwnProperty', false],
    ['login.object.__proto__', false],
    ['login.object.constructor', false],
    ['', false],
    ['login.', false],
    ['login.whatever.timeout', false],
  ])('%s → %s', (schema, expected) => {
    expect(canIUse(schema, supported)).toBe(expected);
  });

  test('answers `<api>.<name>` from the capability list for each API whose entry has a namespace', () => {
    const namespaced = apiNames().filter((name) => (catalogue[name] as ApiEntry).namespace !== undefined);
    expect(namespaced).toContain('invokeNativePlugin');
    for (const api of namespaced) {
      const offers = (name: string) => name === `${api}.myApi`;
      expect(canIUse(`${api}.myApi`, offers)).toBe(true);
      expect(canIUse(`${api}.other`, offers)).toBe(false);
      expect(canIUse(`${api}.myApi.more`, offers)).toBe(false);
    }
    // Without a namespace, a second name is a method, never a capability.
    expect(canIUse('login.myApi', (name) => name === 'login' || name === 'login.myApi')).toBe(false);
  });

  test('never throws on non-strings', () => {
    for (const value of [undefined, null, 1, {}, [], () => 1, Symbol('x')]) {
      expect(canIUse(value, supported)).toBe(false);
    }
  });
});
