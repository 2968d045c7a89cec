/**
 * Envelopes a test's scripted host sends, so that a test writes only what it is about.
 */
import { DEFAULT_LIMITS, WIRE_MARKER, type WelcomeEnvelope } from '@wxbridge/protocol';

/** A valid welcome for `session`: login offered, the default limits; `overrides` replace members. */
export function welcomeFor(session: string, overrides: Partial<Omit<WelcomeEnvelope, 'wxbridge' | 'kind'>> = {}): WelcomeEnvelope {
  return {
    wxbridge: WIRE_MARKER,
    kind: 'welcome',
    protocol: 1,
    session,
    host: { name: 'h', version: '1' },
    account: { miniProgram: { appId: 'wx-test', envVersion: 'release', version: '' } },
    capabilities: ['login'],
    limits: DEFAULT_LIMITS,
    ...overrides,
  };
}
