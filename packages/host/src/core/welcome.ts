/** The host's answer to a guest's hello: who the host is, the app, what it offers, the limits. */
import { PROTOCOL_VERSION, WIRE_MARKER, schemaTree, type HelloEnvelope, type HostAccountInfo, type Limits, type WelcomeEnvelope } from '@wxbridge/protocol';
import type { App } from './app';

/** What the welcome tells of the host. */
export interface HostFacts {
  readonly name: string;
  readonly version: string;
  readonly limits: Limits;
  capabilities(app: App): string[];
  interactive(): string[];
}

export function welcome(owner: HostFacts, app: App, account: HostAccountInfo, hello: HelloEnvelope): WelcomeEnvelope {
  return {
    wxbridge: WIRE_MARKER,
    kind: 'welcome',
    protocol: Math.min(hello.protocol, PROTOCOL_VERSION),
    session: hello.session,
    host: { name: owner.name, version: owner.version },
    account,
    capabilities: owner.capabilities(app),
    interactive: owner.interactive(),
    schemas: schemaTree(),
    limits: owner.limits,
  };
}
