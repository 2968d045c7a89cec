/**
 * The guest runtime behind the `wx` object. It joins the connection to the host (connection.ts:
 * sending, the handshake, what the host sends), the call table with its deadlines (calls.ts,
 * deadlines.ts), the listeners of host events (listeners.ts) and the tap tracker (tap.ts).
 *
 * Requirements it is built around:
 * - calls made before the handshake completes are queued, never lost;
 * - every call settles exactly once: by the host's response, its timeout
 *   class, a host goodbye or `dispose()`;
 * - results reach callbacks or a Promise (never both), never before the
 *   call has returned;
 * - responses with ids the guest is not waiting for are ignored.
 */
import { WIRE_MARKER, type OpenTypeName, type SuccessOf, type Transport, type WelcomeEnvelope, type WxResult } from '@wxbridge/protocol';
import { defaultErrorSink, type ErrorSink } from './callbacks';
import { readOptions } from './call-options';
import { createCallTable } from './calls';
import { DISCONNECTED, DISPOSED, ERRNO_INVALID_PARAMETER, TAP_REQUIRED } from './failures';
import { createConnection } from './connection';
import { OPEN_TYPE, apiOf } from './apis';
import { createListeners } from './listeners';
import { createTapTracker } from './tap';
import { buildWx, type CallApi, type GuestSnapshot } from './wx';
import type { Wx } from './types';

export { SDK_VERSION } from './connection';
export type { GuestSnapshot } from './wx';
export { DISCONNECTED, DISPOSED, ERRNO_INVALID_PARAMETER, ERRNO_TIMEOUT, TAP_REQUIRED, TIMED_OUT } from './failures';

export interface GuestOptions {
  transport: Transport;
  /** Milliseconds before a non-interactive call fails with `<api>:fail time out` (errno 5). Default 10 000; 0 turns it off. */
  timeout?: number;
  /** The same for interactive calls (prompts, biometrics, payment). Default 0: they wait for the user. */
  interactiveTimeout?: number;
  /** Where exceptions thrown by the mini program's callbacks are reported. Default `console.error`. */
  onError?: ErrorSink;
  /** Where real pointer/keyboard activations are watched for taps. Default: `globalThis` when it has a `document`. */
  tapTarget?: EventTarget | null;
  /**
   * What the sync APIs answer from until the host's welcome comes: a welcome this host sent before,
   * or its `account` and `canIUse`, handed over with the page by the host.
   */
  snapshot?: GuestSnapshot;
}

/** The runtime's public face: `connectGuest` adds the `wx` object to it and returns it. */
export interface RuntimeFace {
  /** Resolves with the host's welcome once the handshake completes (again after a reconnect). */
  readonly ready: Promise<WelcomeEnvelope>;
  /** Whether the handshake has completed and the host is still there. */
  readonly connected: boolean;
  /** Calls waiting for an answer or for the handshake. */
  readonly pendingCount: number;
  /** Runs `fn` inside a user tap: calls it makes count as tap-initiated (tap-gated APIs need this). */
  runInTap<T>(fn: () => T): T;
  /** Fails every pending call, says goodbye to the host and stops listening. */
  dispose(): void;
}

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

/**
 * The bridge `connectGuest` returns: the runtime's face, with the `wx` object.
 *
 * The runtime is closures over local state rather than a class: a minifier can shorten local
 * names, not property names, and every mini program downloads this code.
 */
export function createRuntime(options: GuestOptions): GuestBridge {
  const onError = options.onError ?? defaultErrorSink;
  const [inTap, consume, runTap, stopTap] = createTapTracker(options.tapTarget);
  // A request that could not be sent fails its call (the call table is made below; nothing is sent before open).
  const [post, open, close, welcome, ready] = createConnection(options.transport, (error, call) => unsent(error, call));
  /** The last welcome, or the snapshot given before the first. */
  let snapshot = options.snapshot;
  let disposed = false;
  /** The welcome while the handshake has completed and the host is still there. */
  const live = () => (disposed ? undefined : welcome());
  // `reply: undefined` is absent on the wire (JSON drops it; the host reads it as absent).
  const emitToHost = (name: string, data: unknown, reply?: number) => {
    if (!disposed) post({ wxbridge: WIRE_MARKER, kind: 'event', name, data, reply });
  };
  const [listen, fire, resubscribe, clearListeners] = createListeners(emitToHost, live, onError);
  const [send, fail, answer, flush, failAll, count, unsent] = createCallTable(post, live, runTap, onError, options);

  // What the host sends, once the connection has checked it and matched the welcome to its session.
  open({
    welcome(envelope) {
      snapshot = envelope;
      resubscribe();
      flush();
    },
    response: answer,
    event: fire,
    bye: () => failAll(DISCONNECTED, false),
  });
  const callApi: CallApi = (api, entry, callOptions) => {
    const [call, problem, promise] = readOptions(api, entry, callOptions);
    if (problem) fail(call, 'parameter error: ' + problem, ERRNO_INVALID_PARAMETER);
    else if (disposed) fail(call, DISPOSED);
    else if (entry.tap && !inTap()) fail(call, TAP_REQUIRED);
    else {
      if (inTap()) {
        call.tap = true;
        if (entry.tap) consume();
      }
      send(call);
    }
    return promise;
  };
  const wx = buildWx(callApi, listen, () => snapshot);
  return {
    wx,
    invokeOpenType(name, params = {}) {
      const entry = apiOf(name);
      if (!entry || entry.kind !== OPEN_TYPE) {
        return Promise.reject(new TypeError(`invokeOpenType: ${String(name)} is not a button open-type`));
      }
      return new Promise((resolve) => callApi(name, entry, { ...params, complete: resolve }));
    },
    install(target = globalThis) {
      (target as { wx?: Wx }).wx = wx;
      return wx;
    },
    get ready() {
      return ready();
    },
    get connected() {
      return !!live();
    },
    get pendingCount() {
      return count();
    },
    runInTap: runTap,
    dispose() {
      if (disposed) return;
      disposed = true;
      close();
      stopTap();
      clearListeners();
      failAll(DISPOSED, true);
    },
  };
}
