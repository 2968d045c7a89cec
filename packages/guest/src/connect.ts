/**
 * `connectGuest`: what a mini program runtime calls to get its `wx` object.
 */
import type { OpenTypeName, SuccessOf, Transport, WelcomeEnvelope, WxResult } from '@wxbridge/protocol';
import { apiOf } from './apis';
import { createRuntime, type GuestOptions } from './runtime';
import { buildWx } from './wx';
import type { Wx } from './types';

export interface GuestBridge {
  /** The `wx` object, typed from the catalogue. */
  readonly wx: Wx;
  /** Resolves with the host's welcome once the handshake completes (again after a reconnect). */
  readonly ready: Promise<WelcomeEnvelope>;
  /** Whether the handshake has completed and the host is still there. */
  readonly connected: boolean;
  /** Runs `fn` inside a user tap: calls it makes count as tap-initiated (tap-gated APIs need this). */
  runInTap<T>(fn: () => T): T;
  /**
   * Invokes a `<button open-type>` capability (`getPhoneNumber`, `getEmailAddress`, `chooseAvatar`).
   * The runtime calls it from the button's tap handler (or inside `runInTap`): it does not make a
   * tap by itself, and the host refuses it outside one. Resolves with the event detail (`errMsg`
   * included), success or not.
   */
  invokeOpenType<N extends OpenTypeName>(name: N, params?: Record<string, unknown>): Promise<SuccessOf<N> | WxResult>;
  /** Installs the `wx` object as `target.wx` (default `globalThis`). */
  install(target?: object): Wx;
  /** Calls waiting for an answer or for the handshake. */
  readonly pendingCount: number;
  /** Fails every pending call, says goodbye to the host and stops listening. */
  dispose(): void;
}

export type { GuestOptions };

export function connectGuest(options: GuestOptions): GuestBridge {
  if (!options || typeof options.transport?.send !== 'function' || typeof options.transport.listen !== 'function') {
    throw new TypeError('connectGuest: options.transport must be a Transport ({send, listen}), e.g. createPortTransport(port)');
  }
  const runtime = createRuntime(options);
  const wx = buildWx(runtime);
  return {
    wx,
    get ready() {
      return runtime.ready;
    },
    get connected() {
      return runtime.connected;
    },
    get pendingCount() {
      return runtime.pendingCount;
    },
    runInTap: (fn) => runtime.tap.run(fn),
    invokeOpenType(name, params = {}) {
      const entry = apiOf(name);
      if (!entry || entry.kind !== 'openType') {
        return Promise.reject(new TypeError(`invokeOpenType: ${String(name)} is not a button open-type`));
      }
      return new Promise((resolve) => runtime.call(name, entry, { ...params, complete: resolve }));
    },
    install(target = globalThis) {
      (target as { wx?: Wx }).wx = wx;
      return wx;
    },
    dispose: () => runtime.dispose(),
  };
}

export type { Transport };
