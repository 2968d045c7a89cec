/** The host's answer to a guest's hello: who the host is, the app, what it offers, the limits. */
import { PROTOCOL_VERSION, WIRE_MARKER, schemaTree, type HelloEnvelope, type HostAccountInfo, type Limits, type WelcomeEnvelope } from '@wxbridge/protocol';
import type { App } from './app';
import { canIUseOf } from './can-i-use';

/** What the welcome tells of the host. */
export interface HostFacts {
  readonly name: string;
  readonly version: string;
  readonly limits: Limits;
  /** The most envelopes the host reads in one batch; below 2 it accepts no batching. */
  readonly maxBatch: number;
  capabilities(app: App): string[];
  interactive(): string[];
}

/** Whether the welcome accepts the batching the hello offers (`docs/protocol.md`, section 17). */
export function batchAccepted(owner: HostFacts, hello: HelloEnvelope): boolean {
  return hello.batch !== undefined && owner.maxBatch > 1;
}

export function welcome(owner: HostFacts, app: App, account: HostAccountInfo, hello: HelloEnvelope): WelcomeEnvelope {
  const capabilities = owner.capabilities(app);
  const envelope: WelcomeEnvelope = {
    wxbridge: WIRE_MARKER,
    kind: 'welcome',
    protocol: Math.min(hello.protocol, PROTOCOL_VERSION),
    session: hello.session,
    host: { name: owner.name, version: owner.version },
    account,
    capabilities,
    interactive: owner.interactive(),
    canIUse: canIUseOf(capabilities),
    // For guests from before `canIUse`, which answered from the tree; the reference guest no longer reads it.
    schemas: schemaTree(),
    limits: owner.limits,
  };
  if (batchAccepted(owner, hello)) envelope.batch = owner.maxBatch;
  return envelope;
}
