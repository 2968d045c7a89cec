import { apiNames, catalogue, lookupApi, type ApiEntry, type ValueSpec } from '../src';

const ISSUE_LIST = {
  async: [
    'login',
    'checkSession',
    'getUserProfile',
    'getUserInfo',
    'getSetting',
    'openSetting',
    'authorize',
    'checkIsSoterEnrolledInDevice',
    'checkIsSupportSoterAuthentication',
    'startSoterAuthentication',
    'requestSubscribeMessage',
    'getPrivacySetting',
    'requirePrivacyAuthorize',
    'getAuthCode',
    'requestPayment',
    'invokeNativePlugin',
    'getLocation',
    'getFuzzyLocation',
  ],
  sync: ['getAccountInfoSync', 'canIUse'],
  event: ['onNeedPrivacyAuthorization'],
  openType: ['getPhoneNumber', 'getEmailAddress', 'chooseAvatar'],
};

function checkSpec(spec: ValueSpec, where: string): void {
  expect(['string', 'number', 'boolean', 'object', 'array', 'any']).toContain(spec.type);
  if (spec.type === 'array') checkSpec(spec.items, where + '[]');
  if (spec.type === 'object') {
    for (const [name, field] of Object.entries(spec.fields ?? {})) checkSpec(field, `${where}.${name}`);
    if (spec.values) checkSpec(spec.values, where + '.*');
  }
}

describe('the API catalogue', () => {
  test('lists every API the platform docs name, each with its kind', () => {
    for (const [kind, names] of Object.entries(ISSUE_LIST)) {
      for (const name of names) expect([name, lookupApi(name)?.kind]).toEqual([name, kind]);
    }
    expect(apiNames().sort()).toEqual(Object.values(ISSUE_LIST).flat().sort());
  });

  test('every entry is well formed data', () => {
    for (const name of apiNames()) {
      const entry: ApiEntry = catalogue[name];
      expect(entry.since).toBeGreaterThanOrEqual(1);
      expect(entry.doc.length).toBeGreaterThan(10);
      for (const part of ['params', 'success', 'fail'] as const) {
        for (const [field, spec] of Object.entries(entry[part] ?? {})) checkSpec(spec, `${name}.${part}.${field}`);
      }
      if (entry.kind === 'event') expect(typeof entry.event).toBe('string');
      if (entry.kind === 'sync') expect(entry.returns).toBeDefined();
    }
  });

  test('marks the tap-gated, privacy-gated and interactive APIs', () => {
    const flagged = (flag: 'tap' | 'privacy' | 'interactive') =>
      apiNames().filter((name) => (catalogue[name] as ApiEntry)[flag]);
    expect(flagged('tap')).toEqual([
      'getUserProfile',
      'openSetting',
      'requestSubscribeMessage',
      'getPhoneNumber',
      'getEmailAddress',
      'chooseAvatar',
    ]);
    expect(flagged('interactive')).toEqual(
      expect.arrayContaining(['authorize', 'startSoterAuthentication', 'requestPayment', 'requirePrivacyAuthorize']),
    );
    expect(flagged('interactive')).not.toContain('login');
    expect(flagged('privacy')).toEqual(expect.arrayContaining(['getUserProfile', 'getUserInfo', 'getPhoneNumber']));
  });

  test('looks names up as own properties only', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'constructor.constructor', '']) {
      expect(lookupApi(name)).toBeUndefined();
    }
    expect(lookupApi(42)).toBeUndefined();
    expect(lookupApi('login')).toBe(catalogue.login);
  });

  test('follows the seeds where they differ from WeChat: requestPayment needs signType', () => {
    expect(catalogue.requestPayment.params.signType.required).toBe(true);
  });
});
