/**
 * The host's side of the window transport: talk to one mini program iframe,
 * accept a message only if it comes from that frame's window and from one of
 * the allowed origins, and post only to a concrete origin.
 */
import { createWindowTransport, type MessageSource, type PostTarget, type Transport } from '@wxbridge/protocol';

export interface FrameTransportOptions {
  /** The mini program's iframe element (or its window). */
  frame: { contentWindow: PostTarget | null } | PostTarget;
  /**
   * The mini program's origin(s), exactly, e.g. `'https://wx1234.apps.example'`. Required: there is
   * no wildcard. One origin serves one mini program: give each app its own (`host.connect` refuses
   * an origin that already serves another app).
   */
  origin: string | readonly string[];
  /** The window to listen on; defaults to the host page's `window`. */
  self?: MessageSource;
  /** Move traffic onto a private MessageChannel after the handshake (default true). */
  privatePort?: boolean;
}

export function createFrameTransport(options: FrameTransportOptions): Transport {
  const { frame } = options;
  const origins = typeof options.origin === 'string' ? [options.origin] : [...(options.origin ?? [])];
  const transport = createWindowTransport({
    peer: () => ('contentWindow' in frame ? frame.contentWindow : frame),
    allowedOrigins: origins,
    self: options.self,
    privatePort: options.privatePort === false ? undefined : 'offer',
  });
  return Object.assign(transport, { origins: Object.freeze(origins) });
}
