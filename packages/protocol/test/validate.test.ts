import { catalogue, validateParams, type ApiEntry } from '../src';

const entry = (params: ApiEntry['params']): ApiEntry => ({ kind: 'async', since: 1, doc: '', params });

describe('validateParams', () => {
  test('names a missing required parameter the way the platform does', () => {
    expect(validateParams(catalogue.authorize, {})).toBe('parameter.scope should be String instead of Undefined;');
  });

  test('names the wrong type with capitalised type words', () => {
    expect(validateParams(catalogue.authorize, { scope: 5 })).toBe('parameter.scope should be String instead of Number;');
    expect(validateParams(catalogue.authorize, { scope: null })).toBe('parameter.scope should be String instead of Null;');
    expect(validateParams(catalogue.login, { timeout: '100' })).toBe('parameter.timeout should be Number instead of String;');
    expect(validateParams(catalogue.getSetting, { withSubscriptions: 'yes' })).toBe(
      'parameter.withSubscriptions should be Boolean instead of String;',
    );
    expect(validateParams(catalogue.invokeNativePlugin, { api_name: 'x', data: [] })).toBe(
      'parameter.data should be Object instead of Array;',
    );
  });

  test('reports every problem, each ending with a semicolon', () => {
    expect(validateParams(catalogue.startSoterAuthentication, { challenge: 7 })).toBe(
      'parameter.requestAuthModes should be Array instead of Undefined;parameter.challenge should be String instead of Number;',
    );
  });

  test('checks enum values and array items', () => {
    expect(validateParams(catalogue.getUserProfile, { desc: 'why', lang: 'fr' })).toBe(
      'parameter.lang should be one of en, zh_CN, zh_TW instead of fr;',
    );
    expect(validateParams(catalogue.startSoterAuthentication, { requestAuthModes: ['fingerPrint', 'iris'], challenge: 'c' })).toBe(
      'parameter.requestAuthModes[1] should be one of fingerPrint, facial, speech instead of iris;',
    );
    expect(validateParams(catalogue.requestSubscribeMessage, { tmplIds: ['a', 3] })).toBe(
      'parameter.tmplIds[1] should be String instead of Number;',
    );
  });

  test('checks nested object fields and index-signature values', () => {
    const spec = entry({
      data: { type: 'object', fields: { n: { type: 'number', required: true } }, values: { type: 'boolean' } },
    });
    expect(validateParams(spec, { data: { n: 1, flag: true } })).toBeUndefined();
    expect(validateParams(spec, { data: { flag: 'no' } })).toBe(
      'parameter.data.n should be Number instead of Undefined;parameter.data.flag should be Boolean instead of String;',
    );
  });

  test('accepts valid parameters and passes undeclared ones through', () => {
    expect(validateParams(catalogue.login, {})).toBeUndefined();
    expect(validateParams(catalogue.login, { timeout: 100, somethingElse: { deep: [1] } })).toBeUndefined();
    expect(validateParams(catalogue.checkSession, { anything: 1 })).toBeUndefined();
    expect(
      validateParams(catalogue.requestPayment, {
        timeStamp: '1700000000',
        nonceStr: 'n',
        package: 'prepay_id=1',
        signType: 'RSA',
        paySign: 's',
      }),
    ).toBeUndefined();
  });

  test('shortens long offending values', () => {
    const message = validateParams(catalogue.getUserProfile, { desc: 'd', lang: 'x'.repeat(100) })!;
    expect(message.length).toBeLessThan(120);
    expect(message).toContain('…');
  });
});
