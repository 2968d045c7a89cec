/** A setting as a panel's text fields: parsing names the wrong field; showing round-trips. */
import { settingFromText, settingToText, type MockSettingText } from '@wxbridge/mock';

const EMPTY: MockSettingText = { preset: 'success', errno: '', errCode: '', reason: '', latencyMs: '', data: '' };

describe('settingFromText', () => {
  it('reads every field; empty fields are left out', () => {
    expect(settingFromText('login', EMPTY)).toEqual({ preset: 'success' });
    expect(
      settingFromText('login', {
        preset: 'error',
        errno: ' 1020 ',
        errCode: '-2',
        reason: '  code used ',
        latencyMs: '250',
        data: '{"hint": {"retry": true}}',
      }),
    ).toEqual({ preset: 'error', errno: 1020, errCode: -2, reason: 'code used', latencyMs: 250, data: { hint: { retry: true } } });
  });

  it('bad JSON in data says what JSON.parse found', () => {
    expect(() => settingFromText('login', { ...EMPTY, data: '{"code": }' })).toThrow(/^data is not valid JSON: Unexpected token/);
    expect(() => settingFromText('login', { ...EMPTY, data: '{code: 1}' })).toThrow(/^data is not valid JSON: .*property name/);
  });

  it('data must be an object', () => {
    expect(() => settingFromText('login', { ...EMPTY, data: '[1]' })).toThrow('data must be a JSON object like {"code": "abc"}, not an array');
    expect(() => settingFromText('login', { ...EMPTY, data: 'null' })).toThrow('not null');
    expect(() => settingFromText('login', { ...EMPTY, data: '"x"' })).toThrow('not a string');
  });

  it('numbers must be numbers', () => {
    expect(() => settingFromText('login', { ...EMPTY, errno: '1.5' })).toThrow('errno must be a whole number, not "1.5"');
    expect(() => settingFromText('login', { ...EMPTY, errCode: 'abc' })).toThrow('errCode must be a whole number, not "abc"');
    expect(() => settingFromText('login', { ...EMPTY, latencyMs: '-5' })).toThrow('latency must be a number of milliseconds ≥ 0, not "-5"');
  });

  it('then applies the same checks as mock.set', () => {
    expect(() => settingFromText('login', { ...EMPTY, preset: 'ask' })).toThrow('mock setting for login: preset must be one of success, error, timeout, not ask');
  });
});

describe('settingToText', () => {
  it('shows a setting as fields and reads back the same setting', () => {
    const setting = { preset: 'deny' as const, errno: 103, reason: 'no', latencyMs: 40, data: { a: [1, 2] } };
    const text = settingToText(setting);
    expect(text).toEqual({ preset: 'deny', errno: '103', errCode: '', reason: 'no', latencyMs: '40', data: '{\n  "a": [\n    1,\n    2\n  ]\n}' });
    expect(settingFromText('authorize', text)).toEqual(setting);
    expect(settingToText({ preset: 'success' })).toEqual(EMPTY);
  });
});
