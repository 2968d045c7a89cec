/**
 * `connectGuest`: what a mini program runtime calls to get its `wx` object.
 */
import type { OpenTypeName, SuccessOf, Transport, WxResult } from '@wxbridge/protocol';
import { apiOf } from './apis';
import { createRuntime, type GuestOptions, type GuestSnapshot, type RuntimeFace } from './runtime';
import type { Wx } from './types';

export interface GuestBridge extends RuntimeFace {
  /** The `wx` object, typed from the catalogue. */
  readonly wx: Wx;
  /**
   * Invokes a `<button open-type>` capability (`getPhoneNumber`, `getEmailAddress`, `chooseAvatar`).
   * The runtime calls it from the button's tap handler (or inside `runInTap`): it does not make a
   * tap by itself, and the host refuses it outside one. Resolves with the event detail (`errMsg`
   * included), success or not.
   */
  invokeOpenType<N extends OpenTypeName>(name: N, params?: Record<string, unknown>): Promise<SuccessOf<N> | WxResult>;
  /** Installs the `wx` object as `target.wx` (default `globalThis`). */
  install(target?: object): Wx;
}

export type { GuestOptions, GuestSnapshot };

export function connectGuest(options: GuestOptions): GuestBridge {
  if (!options || typeof options.transport?.send !== 'function' || typeof options.transport.listen !== 'function') {
    throw new TypeError('connectGuest: options.transport must be a Transport ({send, listen})');
  }
  const [face, wx, call] = createRuntime(options);
  const rest: Omit<GuestBridge, keyof RuntimeFace> = {
    wx,
    invokeOpenType(name, params = {}) {
      const entry = apiOf(name);
      if (!entry || entry.kind !== 'openType') {
        return Promise.reject(new TypeError(`invokeOpenType: ${String(name)} is not a button open-type`));
      }
      return new Promise((resolve) => call(name, entry, { ...params, complete: resolve }));
    },
    install(target = globalThis) {
      (target as { wx?: Wx }).wx = wx;
      return wx;
    },
  };
  // Assigned onto the face, whose getters (ready, connected, pendingCount) stay live.
  return Object.assign(face, rest);
}

export type { Transport };
