/**
 * The mock host's vocabulary: the APIs a panel can set, the presets each one
 * offers, and the default settings (every API answers `success`).
 *
 * Derived from the catalogue, so that a new catalogue row needs no edit here:
 * the handler APIs are those the host takes a handler for
 * (`host.handlerApis()`), and each API's presets follow from its catalogue
 * entry (see `presetsOf`).
 *
 * Besides API names there are two features: `privacy` (the privacy-guideline
 * prompt in front of privacy-gated APIs) and `soter` (the three SOTER APIs,
 * through one simulated biometric device).
 *
 * The `ask` preset answers nothing itself: it shows the integrator's real
 * dialog (`MockHostOptions.dialogs`), as a demo superapp does.
 */
import { createHost } from '@wxbridge/host';
import { hasOwn, lookupApi, type ApiEntry, type ApiName, type Catalogue, type HostApiName } from '@wxbridge/protocol';
import { inertMockHostOptions } from './host-options';

export type MockPreset = 'success' | 'deny' | 'cancel' | 'notEnrolled' | 'timeout' | 'error' | 'ask';

/** The APIs built into the host, answered through its prompt hooks and devices. */
export const MOCK_PROMPT_APIS = ['authorize', 'openSetting', 'privacy', 'requestSubscribeMessage', 'soter'] as const;
type MockPromptApi = (typeof MOCK_PROMPT_APIS)[number];

/**
 * The catalogue APIs each prompt setting drives; the first is the one showing its sheet, whose
 * catalogue entry gives the setting's presets.
 */
export const PROMPT_API_ENTRIES = {
  authorize: ['authorize'],
  openSetting: ['openSetting'],
  privacy: ['requirePrivacyAuthorize', 'getPrivacySetting'],
  requestSubscribeMessage: ['requestSubscribeMessage'],
  soter: ['startSoterAuthentication', 'checkIsSupportSoterAuthentication', 'checkIsSoterEnrolledInDevice'],
} as const satisfies Record<MockPromptApi, readonly [ApiName, ...ApiName[]]>;

/** An API naming the integrator's own APIs (`invokeNativePlugin`): served by `host.registerApi`, not a setting. */
type NamespaceApi = { [A in HostApiName]: Catalogue[A] extends { readonly namespace: string } ? A : never }[HostApiName];

/**
 * For the type only: the catalogue APIs the host answers itself with the mock's options (the prompt
 * settings' APIs, `getSetting` from the user's decisions, the integrator's own APIs). The list itself
 * comes from the host; a test checks that the two agree.
 */
type HostBuiltInApi = (typeof PROMPT_API_ENTRIES)[MockPromptApi][number] | 'getSetting' | NamespaceApi;

/** An API answered by a handler the mock registers. */
export type MockHandlerApi = Exclude<HostApiName, HostBuiltInApi>;

/**
 * The APIs answered by a handler the mock registers (`host.handle`): every catalogue API a mock's
 * host takes a handler for, in catalogue order. Which those are depends on which features the
 * mock's options turn on, not on the caller's options, so one host with inert parts, never
 * connected, tells.
 */
export const MOCK_HANDLER_APIS: readonly MockHandlerApi[] = Object.freeze(
  createHost(inertMockHostOptions()).handlerApis() as MockHandlerApi[],
);

export type MockApi = MockHandlerApi | MockPromptApi;

export const MOCK_APIS: readonly MockApi[] = Object.freeze([...MOCK_HANDLER_APIS, ...MOCK_PROMPT_APIS]);

/**
 * The APIs that offer the `ask` preset: "show the integrator's real dialog" (`MockHostOptions.dialogs`)
 * instead of answering from the setting. The mock's own: each has a dialog wired to it.
 */
export const MOCK_ASK_APIS = [
  'authorize',
  'getUserProfile',
  'openSetting',
  'privacy',
  'requestSubscribeMessage',
  'soter',
  'requestPayment',
] as const;

export type MockAskApi = (typeof MOCK_ASK_APIS)[number];

/** Every preset, in the order a list shows them: `success` first (the default), `ask` last. */
const PRESET_ORDER: readonly MockPreset[] = ['success', 'deny', 'cancel', 'notEnrolled', 'error', 'timeout', 'ask'];

/**
 * How the user or the device turns an API down, where the platform's way is not the default (a
 * scope or a sheet: `deny`, the user refuses): the presets it has between `success` and `error`.
 */
const OWN_FAILURES: Partial<Record<MockApi, readonly MockPreset[]>> = {
  getAuthCode: ['deny', 'cancel'], // the superapp's authorization page: refused, or closed
  requestPayment: ['cancel'], // the payment sheet is closed, never refused
  chooseAvatar: ['cancel'], // the avatar picker is closed, never refused
  requestSubscribeMessage: ['deny', 'cancel'], // every template rejected, or the panel closed
  soter: ['deny', 'cancel', 'notEnrolled'], // not recognised, cancelled, or nothing enrolled
};

/** The catalogue entry a setting answers for (for a prompt setting, the API showing its sheet). */
function entryOf(api: MockApi): ApiEntry {
  const name = (PROMPT_API_ENTRIES as Partial<Record<string, readonly ApiName[]>>)[api]?.[0] ?? api;
  return lookupApi(name)!;
}

/**
 * The presets of a setting, from its catalogue entry: every API `success`, `error` and `timeout`; an
 * API needing a scope or showing a sheet `deny` (or its own failures); `ask` where the mock has a
 * dialog to show.
 */
export function presetsOf(api: string, entry: ApiEntry): readonly MockPreset[] {
  const offered = new Set<MockPreset>(['success', 'error', 'timeout']);
  const failures = hasOwn.call(OWN_FAILURES, api) ? OWN_FAILURES[api as MockApi] : undefined;
  for (const preset of failures ?? (entry.scope || entry.sheet ? ['deny'] : [])) offered.add(preset);
  if (isMockAskApi(api)) offered.add('ask');
  return Object.freeze(PRESET_ORDER.filter((preset) => offered.has(preset)));
}

/** The presets of each API, `success` first (the default); `ask` last, where it is offered. */
export const MOCK_PRESETS: Readonly<Record<MockApi, readonly MockPreset[]>> = Object.freeze(
  Object.fromEntries(MOCK_APIS.map((api) => [api, presetsOf(api, entryOf(api))])) as Record<MockApi, readonly MockPreset[]>,
);

/** The fail reason of `error` when the setting gives none (`checkSession` has the platform's own). */
export const MOCK_ERROR_REASONS: Readonly<Partial<Record<MockApi, string>>> = Object.freeze({
  checkSession: 'session time out, need relogin',
});

/** The fail reason of `deny` when the setting gives none. */
export const MOCK_DENY_REASONS: Readonly<Partial<Record<MockApi, string>>> = Object.freeze({
  getPhoneNumber: 'user deny',
  getEmailAddress: 'user deny',
});

export function isMockApi(value: unknown): value is MockApi {
  return typeof value === 'string' && (MOCK_APIS as readonly string[]).includes(value);
}

export function isMockAskApi(value: unknown): value is MockAskApi {
  return typeof value === 'string' && (MOCK_ASK_APIS as readonly string[]).includes(value);
}
