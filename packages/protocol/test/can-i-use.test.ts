import { canIUse } from '../src';

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

  test('never throws on non-strings', () => {
    for (const value of [undefined, null, 1, {}, [], () => 1, Symbol('x')]) {
      expect(canIUse(value, supported)).toBe(false);
    }
  });
});
