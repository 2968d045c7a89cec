/** The mock's vocabulary derived from the catalogue: the handler APIs, their presets and samples. */
import { apiNames, catalogue, lookupApi, validateParams, type ApiEntry, type FieldsSpec } from '@wxbridge/protocol';
import {
  MOCK_APIS,
  MOCK_ASK_APIS,
  MOCK_HANDLER_APIS,
  MOCK_LOCATION,
  MOCK_PRESETS,
  MOCK_PROMPT_APIS,
  MOCK_SAMPLES,
} from '@wxbridge/mock';
import { PROMPT_API_ENTRIES, presetsOf } from '../src/presets';
import { sampleFields } from '../src/samples';
import { openMock } from './helpers';

describe('the handler APIs', () => {
  it('are the APIs a mock host takes a handler for, in catalogue order, with getLocation and getFuzzyLocation', () => {
    expect(MOCK_HANDLER_APIS).toEqual(openMock().host.handlerApis());
    expect(MOCK_HANDLER_APIS).toEqual(expect.arrayContaining(['login', 'getLocation', 'getFuzzyLocation', 'chooseAvatar']));
    expect(MOCK_APIS).toEqual([...MOCK_HANDLER_APIS, ...MOCK_PROMPT_APIS]);
  });

  it("leave out exactly the APIs the type leaves out: the prompt settings' APIs, getSetting and namespace APIs", () => {
    const handlerCapable = apiNames().filter((api) => catalogue[api].kind === 'async' || catalogue[api].kind === 'openType');
    const builtIn = handlerCapable.filter((api) => !(MOCK_HANDLER_APIS as readonly string[]).includes(api));
    const namespaces = apiNames().filter((api) => (catalogue[api] as ApiEntry).namespace !== undefined);
    expect(builtIn.sort()).toEqual([...Object.values(PROMPT_API_ENTRIES).flat(), 'getSetting', ...namespaces].sort());
  });
});

describe('presets derived from catalogue entries', () => {
  it("keep every one of today's lists", () => {
    expect(MOCK_PRESETS).toEqual({
      login: ['success', 'error', 'timeout'],
      checkSession: ['success', 'error', 'timeout'],
      getUserInfo: ['success', 'deny', 'error', 'timeout'],
      getUserProfile: ['success', 'deny', 'error', 'timeout', 'ask'],
      getAuthCode: ['success', 'deny', 'cancel', 'error', 'timeout'],
      requestPayment: ['success', 'cancel', 'error', 'timeout', 'ask'],
      getPhoneNumber: ['success', 'deny', 'error', 'timeout'],
      getEmailAddress: ['success', 'deny', 'error', 'timeout'],
      chooseAvatar: ['success', 'cancel', 'error', 'timeout'],
      authorize: ['success', 'deny', 'error', 'timeout', 'ask'],
      openSetting: ['success', 'deny', 'error', 'timeout', 'ask'],
      privacy: ['success', 'deny', 'error', 'timeout', 'ask'],
      requestSubscribeMessage: ['success', 'deny', 'cancel', 'error', 'timeout', 'ask'],
      soter: ['success', 'deny', 'cancel', 'notEnrolled', 'error', 'timeout', 'ask'],
      // The rows added since: a scope, so the user may refuse.
      getLocation: ['success', 'deny', 'error', 'timeout'],
      getFuzzyLocation: ['success', 'deny', 'error', 'timeout'],
    });
  });

  it('follow the flags of a new row: none, a scope, a sheet', () => {
    const row = (extra: Partial<ApiEntry>): ApiEntry => ({ kind: 'async', since: 1, doc: 'a future API', ...extra });
    expect(presetsOf('chooseSomething', row({}))).toEqual(['success', 'error', 'timeout']);
    expect(presetsOf('chooseSomething', row({ scope: { name: 'scope.camera', prompt: true } }))).toEqual(['success', 'deny', 'error', 'timeout']);
    expect(presetsOf('chooseSomething', row({ sheet: true, tap: true }))).toEqual(['success', 'deny', 'error', 'timeout']);
    // An inherited name is no API of the mock's tables.
    expect(presetsOf('constructor', row({}))).toEqual(['success', 'error', 'timeout']);
  });

  it('offer ask exactly where the mock has a dialog, and deny or cancel for every scope and sheet', () => {
    for (const api of MOCK_APIS) {
      expect({ api, ask: MOCK_PRESETS[api].includes('ask') }).toEqual({ api, ask: (MOCK_ASK_APIS as readonly string[]).includes(api) });
    }
    for (const api of MOCK_HANDLER_APIS) {
      const entry = lookupApi(api)!;
      if (entry.scope || entry.sheet) expect({ api, refusal: MOCK_PRESETS[api].some((p) => p === 'deny' || p === 'cancel') }).toEqual({ api, refusal: true });
    }
  });
});

describe('samples', () => {
  /** The fields a host must provide, as params to validate a result against. */
  const hostRequired = (fields: FieldsSpec = {}): FieldsSpec =>
    Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, { ...spec, required: spec.required === true && !spec.hostOptional }]));

  it("every handler API's sample fits its catalogue success fields", () => {
    for (const api of MOCK_HANDLER_APIS) {
      const entry = lookupApi(api)!;
      const sample = MOCK_SAMPLES[api]({});
      expect({ api, problem: validateParams({ ...entry, params: hostRequired(entry.success) }, sample) }).toEqual({ api, problem: undefined });
    }
  });

  it('getLocation and getFuzzyLocation answer coordinates', () => {
    expect(MOCK_SAMPLES.getLocation({ type: 'wgs84' })).toEqual(MOCK_LOCATION);
    expect(MOCK_LOCATION).toMatchObject({ latitude: 48.85837, longitude: 2.294481, speed: 0, accuracy: 20 });
    expect(MOCK_SAMPLES.getFuzzyLocation({ type: 'wgs84' })).toEqual({ latitude: 48.86, longitude: 2.29 });
  });

  it("an API without a written sample gets one from its success fields (login's fresh code)", () => {
    expect(MOCK_SAMPLES.login({}).code).toMatch(/^mock-code-\d+-[0-9a-f]{12}$/);
    expect(MOCK_SAMPLES.checkSession({})).toEqual({});
    const fields = {
      token: { type: 'string', required: true },
      kind: { type: 'string', required: true, enum: ['a', 'b'] },
      count: { type: 'number', required: true },
      done: { type: 'boolean', required: true },
      items: { type: 'array', required: true, items: { type: 'string' } },
      nested: { type: 'object', required: true, fields: { level: { type: 'number', required: true, enum: [2, 3] }, note: { type: 'string' } } },
      raw: { type: 'any', required: true },
      computed: { type: 'string', required: true, hostOptional: true },
      optional: { type: 'string' },
    } as const satisfies FieldsSpec;
    expect(sampleFields(fields)).toEqual({
      token: expect.stringMatching(/^mock-token-\d+-[0-9a-f]{12}$/),
      kind: 'a',
      count: 0,
      done: false,
      items: [],
      nested: { level: 2 },
      raw: null,
    });
    expect(validateParams({ kind: 'async', since: 1, doc: '', params: hostRequired(fields) }, sampleFields(fields))).toBeUndefined();
  });
});
