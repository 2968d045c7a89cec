/**
 * The guest's side of the window transport: talk to `window.parent` only,
 * accept messages only from it and only from the host origin(s) given, and
 * once the host has answered, only from that origin.
 */
import { createWindowTransport, type MessageSource, type PostTarget, type Transport } from '@wxbridge/protocol';

export interface ParentTransportOptions {
  /** The superapp's origin, or a list of them, e.g. `'https://superapp.example.com'`. Required: there is no wildcard. */
  hostOrigin: string | readonly string[];
  /** The parent window; defaults to `window.parent`. */
  parent?: PostTarget;
  /** The window to listen on; defaults to `window`. */
  self?: MessageSource;
}

export function createParentTransport(options: ParentTransportOptions): Transport {
  const origins = typeof options.hostOrigin === 'string' ? [options.hostOrigin] : [...(options.hostOrigin ?? [])];
  return createWindowTransport({
    peer: () => options.parent ?? (globalThis as unknown as { parent?: PostTarget }).parent,
    allowedOrigins: origins,
    self: options.self,
    lockOrigin: true,
    privatePort: 'accept',
  });
}
