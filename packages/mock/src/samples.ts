/**
 * The sample data the `success` presets answer with, and the mock template
 * registry of `requestSubscribeMessage`. Nothing here is anyone's real data.
 *
 * An API without a sample written here gets one made from its catalogue
 * entry's success fields (`sampleFields`), so a new catalogue row answers
 * something of the right shape with no edit here.
 */
import type { SubscriptionTemplate } from '@wxbridge/host';
import { lookupApi, type FieldsSpec, type ValueSpec } from '@wxbridge/protocol';
import { MOCK_HANDLER_APIS, type MockHandlerApi } from './presets';

/** The sample user of `getUserInfo` / `getUserProfile`. */
export const MOCK_USER_INFO = Object.freeze({
  nickName: 'Mock User',
  avatarUrl: 'https://mock.wxbridge.invalid/avatar.png',
  gender: 0 as 0 | 1 | 2,
  country: 'Mockland',
  province: 'Mock Province',
  city: 'Mock City',
});

/**
 * Where the simulated device is (`getLocation`): a public place outside China, where `wgs84` and
 * `gcj02` coordinates are the same.
 */
export const MOCK_LOCATION = Object.freeze({
  latitude: 48.85837,
  longitude: 2.294481,
  speed: 0,
  accuracy: 20,
  altitude: 35,
  verticalAccuracy: 10,
  horizontalAccuracy: 20,
});

/** The avatar `chooseAvatar` picks. */
export const MOCK_AVATAR_URL = 'https://mock.wxbridge.invalid/chosen-avatar.png';

/**
 * The mock app's templates: two sharing a title (the second is answered `filter`), a banned
 * one (`ban`), a long-term one (not to be mixed with one-time templates in one call).
 */
export const MOCK_SUBSCRIPTION_TEMPLATES: readonly Readonly<SubscriptionTemplate>[] = Object.freeze([
  { id: 'mock-tmpl-order-shipped', title: 'Order shipped', kind: 'one-time' },
  { id: 'mock-tmpl-order-shipped-2', title: 'Order shipped', kind: 'one-time' },
  { id: 'mock-tmpl-reminder', title: 'Appointment reminder', kind: 'one-time' },
  { id: 'mock-tmpl-banned', title: 'Promotion', kind: 'one-time', banned: true },
  { id: 'mock-tmpl-service-notice', title: 'Service notice', kind: 'long-term' },
]);

let issued = 0;

/** A code unique to this call: `<prefix>-<n>-<random>`. */
export function mockCode(prefix: string): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  issued += 1;
  return `${prefix}-${issued}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A made-up value of `spec`: a fresh `mock-<field>-…` string, an enum's first value, 0, false, [], an object of its fields. */
function sampleValue(name: string, spec: ValueSpec): unknown {
  switch (spec.type) {
    case 'string':
      return spec.enum ? spec.enum[0] : mockCode(`mock-${name}`);
    case 'number':
      return spec.enum ? spec.enum[0] : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return sampleFields(spec.fields);
    default:
      return null;
  }
}

/**
 * A made-up result of the fields a host must provide: the required ones, except those the host may
 * leave out (`hostOptional`: it computes them, or they are absent without that feature).
 */
export function sampleFields(fields: FieldsSpec | undefined): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(fields ?? {})) {
    if (spec.required && !spec.hostOptional) sample[name] = sampleValue(name, spec);
  }
  return sample;
}

type Fields = Record<string, unknown>;
type Sample = (params: Fields) => Fields;

const userInfo = (params: Fields): Fields => ({ userInfo: { ...MOCK_USER_INFO, language: params.lang ?? 'en' } });
const rounded = (degrees: number) => Math.round(degrees * 100) / 100;

/** The samples written out; every other API's comes from its catalogue entry (`login`: a fresh `mock-code-…`). */
const WRITTEN: Partial<Record<MockHandlerApi, Sample>> = {
  getUserInfo: userInfo,
  getUserProfile: userInfo,
  getAuthCode: (params) => ({ code: mockCode('mock-auth-code'), authSuccessScopes: params.scopes ?? [] }),
  getPhoneNumber: () => ({ code: mockCode('mock-phone-code') }),
  getEmailAddress: () => ({ code: mockCode('mock-email-code') }),
  chooseAvatar: () => ({ avatarUrl: MOCK_AVATAR_URL }),
  getLocation: () => ({ ...MOCK_LOCATION }),
  // About a kilometre off, as an approximate location is.
  getFuzzyLocation: () => ({ latitude: rounded(MOCK_LOCATION.latitude), longitude: rounded(MOCK_LOCATION.longitude) }),
};

/** The success fields of each API, before the setting's `data`. */
export const MOCK_SAMPLES: Readonly<Record<MockHandlerApi, Sample>> = Object.freeze(
  Object.fromEntries(
    MOCK_HANDLER_APIS.map((api): [MockHandlerApi, Sample] => [api, WRITTEN[api] ?? (() => sampleFields(lookupApi(api)!.success))]),
  ) as Record<MockHandlerApi, Sample>,
);
