/**
 * The host's side of the window transport: talk to one mini program iframe,
 * accept a message only if it comes from that frame's window and from one of
 * the allowed origins, and post only to a concrete origin.
 */
import { createWindowTransport, type MessageSource, type PostTarget, type Transport } from '@wxbridge/protocol';

export interface FrameTransportOptions {
  /** The mini program's iframe element (or its window). */
  frame: { contentWindow: PostTarget | null } | PostTarget;
  /** The mini program's origin(s), exactly, e.g. `'https://mp.example.com'`. Required: there is no wildcard. */
  origin: string | readonly string[];
  /** The window to listen on; defaults to the host page's `window`. */
  self?: MessageSource;
  /** Move traffic onto a private MessageChannel after the handshake (default true). */
  privatePort?: boolean;
}

export function createFrameTransport(options: FrameTransportOptions): Transport {
  const { frame } = options;
  const origins = typeof options.origin === 'string' ? [options.origin] : [...(options.origin ?? [])];
  return createWindowTransport({
    peer: () => ('contentWindow' in frame ? frame.contentWindow : frame),
    allowedOrigins: origins,
    self: options.self,
    privatePort: options.privatePort === false ? undefined : 'offer',
  });
}
