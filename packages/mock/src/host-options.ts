/**
 * The options the mock gives its real host, in one place: `createMockHost`
 * passes its prompt hooks, template registry and device; the vocabulary
 * (`presets.ts`) asks a host built with inert ones which APIs take a handler,
 * since that depends on which features the options turn on (without a device,
 * the SOTER APIs would take a handler too).
 */
import { MemoryStore, type BiometricDevice, type HostOptions } from '@wxbridge/host';

/**
 * Host options the mock leaves to the caller (the rest are the mock's). `sessions` and `apiVersion`
 * put login on the v2 standard over a store the open-platform server shares (the demo's `wxbridge dev`).
 */
export type MockHostExtraOptions = Pick<HostOptions, 'name' | 'version' | 'limits' | 'user' | 'scopes' | 'promptsPerMinute' | 'sessions' | 'apiVersion'>;

/** What the mock plugs into its host: where decisions are kept, the prompt hooks, the templates and the device. */
export type MockHostParts = Required<Pick<HostOptions, 'store' | 'prompts' | 'subscriptions' | 'biometrics'>>;

export function mockHostOptions(extra: MockHostExtraOptions | undefined, parts: MockHostParts): HostOptions {
  return {
    name: 'wxbridge-mock-host',
    promptsPerMinute: 1000,
    ...extra,
    ...parts,
    privacy: { contractName: 'Mock Privacy Guideline' },
  };
}

const inertDevice: BiometricDevice = {
  supportedModes: () => [],
  enrolledModes: () => [],
  authenticate: () => ({ ok: false, reason: 'cancel' }),
};

/** The options of a mock host that never answers anything: to ask what its host serves. */
export function inertMockHostOptions(): HostOptions {
  return mockHostOptions(undefined, { store: new MemoryStore(), prompts: {}, subscriptions: { templates: () => [] }, biometrics: inertDevice });
}
