/**
 * `connectGuest`: what a mini program runtime calls to get its `wx` object.
 */
import type { Transport } from '@wxbridge/protocol';
import { createRuntime, type GuestBridge, type GuestOptions, type GuestSnapshot } from './runtime';

export type { GuestBridge, GuestOptions, GuestSnapshot };

export function connectGuest(options: GuestOptions): GuestBridge {
  if (!options || typeof options.transport?.send !== 'function' || typeof options.transport.listen !== 'function') {
    throw new TypeError('connectGuest: options.transport must be a Transport ({send, listen})');
  }
  return createRuntime(options);
}

export type { Transport };
