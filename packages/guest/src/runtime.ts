/**
 * The guest runtime: the handshake, the pending-call table and the receive
 * loop behind the `wx` object.
 *
 * Requirements it is built around:
 * - calls made before the handshake completes are queued, never lost;
 * - every call settles exactly once: by the host's response, its timeout
 *   class, a host goodbye or `dispose()`;
 * - results reach callbacks or a Promise (never both), never before the
 *   call has returned;
 * - responses with ids the guest is not waiting for are ignored.
 */
import {
  DEFAULT_LIMITS,
  PROTOCOL_VERSION,
  WIRE_MARKER,
  decodeFromHost,
  failMessage,
  type Envelope,
  type Limits,
  type RequestEnvelope,
  type Transport,
  type WelcomeEnvelope,
  type WxResult,
} from '@wxbridge/protocol';
import type { GuestApi } from './apis';
import { defaultErrorSink, reportScriptError, runCallbacks, type ErrorSink } from './callbacks';
import { readOptions, type Call } from './call-options';
import { createTapTracker, type TapTracker } from './tap';

export const SDK_VERSION = '0.1.0';

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
}


const HELLO_FIRST_DELAY = 50;
/**
 * The failures the guest itself produces, with the protocol's texts and codes (its REASON and ERRNO;
 * a test holds them equal). Imported one by one rather than as those two tables, which a bundler
 * keeps whole: the guest is loaded by every mini program.
 */
export const DISCONNECTED = 'host disconnected';
export const DISPOSED = 'bridge disposed';
export const TIMED_OUT = 'time out';
export const TAP_REQUIRED = 'can only be invoked by user TAP gesture.';
export const ERRNO_TIMEOUT = 5;
export const ERRNO_INVALID_PARAMETER = 1001;
/** Capability names of the integrator's own APIs. */
const CUSTOM_PREFIX = 'invokeNativePlugin.';
/** The guest event that tells the host the mini program listens to an event. */
const SUBSCRIBE_EVENT = 'subscribe';
const HELLO_MAX_DELAY = 1000;

const clock = globalThis.performance ?? Date;
/** Milliseconds on a monotonic clock where there is one. */
const now = (): number => clock.now();

/** `<api>:fail <reason>`, with its errno when it has one. */
function failure(api: string, reason: string, errno?: number): WxResult {
  const result: WxResult = { errMsg: failMessage(api, reason) };
  if (errno !== undefined) result.errno = errno;
  return result;
}

/** 96 random bits: three random 32-bit numbers joined by dots. */
function randomSession(): string {
  return globalThis.crypto.getRandomValues(new Uint32Array(3)).join('.');
}

export type HostEventListener = (data: unknown, reply?: number) => void;

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

/** What the `wx` object and `invokeOpenType` use of the runtime. */
export interface GuestRuntime {
  /** The welcome of the current session, once the handshake has completed. */
  readonly welcome: WelcomeEnvelope | undefined;
  supports(api: string): boolean;
  /** Calls an async API; returns a Promise exactly when no callback function was passed. */
  call(api: string, entry: GuestApi, options: unknown): Promise<WxResult> | undefined;
  /** Sends an event to the host (the answer to a resolvable event). */
  emitToHost(name: string, data: unknown, reply?: number): void;
  /**
   * Adds a listener of a host event (`single`: it replaces the ones before), and tells the host,
   * now and after every reconnection, that the mini program listens to `event`.
   */
  listen(event: string, listener: HostEventListener, single: boolean): void;
  /** Reports an exception thrown by a mini program listener of `api` (`thirdScriptError`). */
  reportError(api: string, thrown: unknown): void;
}

/**
 * The runtime is closures over local state rather than a class: a minifier can shorten local
 * names, not property names, and every mini program downloads this code.
 */
export function createRuntime(options: GuestOptions): [RuntimeFace, GuestRuntime] {
  const transport = options.transport;
  const onError = options.onError ?? defaultErrorSink;
  const timeout = options.timeout ?? 10_000;
  const interactiveTimeout = options.interactiveTimeout ?? 0;
  const tap = createTapTracker();
  /** The mini program's listeners of host events, by event name. */
  const listeners = new Map<string, HostEventListener[]>();
  /** The events the mini program listens to, told to the host after every welcome. */
  const subscribed = new Set<string>();
  /** Calls waiting for the handshake or for room under `maxInFlight`. */
  const queue: Call[] = [];
  /** Calls sent and not answered yet, by request id. */
  const pending = new Map<number, Call>();
  let welcome: WelcomeEnvelope | undefined;
  let ready: Promise<WelcomeEnvelope>;
  let resolveReady: (welcome: WelcomeEnvelope) => void;
  let limits: Limits = DEFAULT_LIMITS;
  let capabilities = new Set<string>();
  /** Custom APIs the host marked interactive. */
  let interactive = new Set<string>();
  let nextId = 1;
  let session = '';
  let helloTimer: ReturnType<typeof setTimeout> | undefined;
  let helloDelay = HELLO_FIRST_DELAY;
  /**
   * One timer for every call's timeout, due at the earliest deadline: a timer per call (set, then
   * cleared when the answer comes) costs more than the rest of the guest's work for a call. Answered
   * calls leave it be: when it fires it expires what is due and waits for the next deadline, or
   * stops. So it may keep a Node process up until that deadline; dispose() clears it.
   */
  let clockTimer: ReturnType<typeof setTimeout> | undefined;
  let clockAt = Infinity;
  let disposed = false;

  const connected = () => welcome !== undefined && !disposed;

  function post(envelope: Envelope): unknown {
    try {
      transport.send(envelope);
      return undefined;
    } catch (error) {
      return error ?? new Error('send failed');
    }
  }

  function emitToHost(name: string, data: unknown, reply?: number): void {
    // `reply: undefined` is absent on the wire (JSON drops it; the host reads it as absent).
    if (!disposed) post({ wxbridge: WIRE_MARKER, kind: 'event', name, data, reply });
  }

  function startHandshake(): void {
    session = randomSession();
    welcome = undefined;
    helloDelay = HELLO_FIRST_DELAY;
    ready = new Promise((resolve) => (resolveReady = resolve));
    sayHello();
  }

  function sayHello(): void {
    if (disposed || welcome) return;
    post({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: PROTOCOL_VERSION, sdk: SDK_VERSION, session });
    helloTimer = setTimeout(sayHello, helloDelay);
    helloDelay = Math.min(helloDelay * 2, HELLO_MAX_DELAY);
  }

  function dispatch(call: Call): void {
    call.id = nextId++;
    pending.set(call.id, call);
    const ms = timeoutOf(call);
    if (ms > 0) arm((call.deadline = now() + ms));
    const envelope: RequestEnvelope = { wxbridge: WIRE_MARKER, kind: 'request', id: call.id, api: call.api, params: call.params };
    if (call.tap) envelope.tap = true;
    const error = post(envelope);
    call.sent = true;
    if (error) {
      pending.delete(call.id);
      const name = (error as { name?: string }).name;
      if (name === 'DataCloneError' || error instanceof TypeError) {
        failSoon(call, 'parameter error: parameters must be JSON data;', ERRNO_INVALID_PARAMETER);
      } else failSoon(call, DISCONNECTED);
    }
  }

  /** Makes the timer due at `deadline` unless it is due sooner already. */
  function arm(deadline: number): void {
    if (deadline >= clockAt) return;
    clearTimeout(clockTimer);
    clockAt = deadline;
    clockTimer = setTimeout(sweep, Math.max(0, deadline - now()));
  }

  function disarm(): void {
    clearTimeout(clockTimer);
    clockAt = Infinity;
  }

  /** The timer fired: expire what is due, then wait for the next deadline. */
  function sweep(): void {
    disarm();
    const time = now();
    let next = Infinity;
    for (const call of pending.values()) {
      const deadline = call.deadline;
      if (deadline === undefined) continue;
      if (deadline <= time) expire(call);
      else if (deadline < next) next = deadline;
    }
    arm(next);
  }

  /** The call's own `timeout` parameter where the API has one, else its class's default. */
  function timeoutOf(call: Call): number {
    const requested = call.params.timeout;
    if (call.entry.timeout && typeof requested === 'number' && requested > 0) return requested;
    const custom = call.api === 'invokeNativePlugin' && interactive.has(CUSTOM_PREFIX + String(call.params.api_name));
    return call.entry.interactive || custom ? interactiveTimeout : timeout;
  }

  function expire(call: Call): void {
    if (pending.get(call.id) !== call) return;
    post({ wxbridge: WIRE_MARKER, kind: 'cancel', id: call.id });
    finish(call, false, failure(call.api, TIMED_OUT, ERRNO_TIMEOUT));
  }

  function finish(call: Call, ok: boolean, result: WxResult): void {
    pending.delete(call.id);
    // A transport that answers inside send() must not run callbacks before the call has returned.
    if (call.sent) deliver(call, ok, result);
    else deliverSoon(call, ok, result);
    flush();
  }

  function flush(): void {
    while (connected() && queue.length && pending.size < limits.maxInFlight) dispatch(queue.shift()!);
  }

  function deliver(call: Call, ok: boolean, result: WxResult): void {
    // A payment's callbacks (and the continuations of its Promise) count as a user tap.
    if (call.entry.grantsTap) tap.run(() => settleCall(call, ok, result));
    else settleCall(call, ok, result);
  }

  function settleCall(call: Call, ok: boolean, result: WxResult): void {
    if (call.resolve) (ok ? call.resolve : call.reject!)(result);
    else runCallbacks(onError, call.api, call, ok, result);
  }

  /** Delivers on a later microtask: never before the call that made the result has returned. */
  function deliverSoon(call: Call, ok: boolean, result: WxResult): void {
    void Promise.resolve().then(() => deliver(call, ok, result));
  }

  /** Fails a call that never left the guest (or whose answer will not come), on a later microtask. */
  function failSoon(call: Call, reason: string, errno?: number): void {
    deliverSoon(call, false, failure(call.api, reason, errno));
  }

  function failAll(reason: string, includeQueued: boolean): void {
    const calls = [...pending.values(), ...(includeQueued ? queue.splice(0) : [])];
    pending.clear();
    disarm();
    for (const call of calls) failSoon(call, reason);
  }

  function receive(data: unknown): void {
    if (disposed) return;
    const envelope = decodeFromHost(data);
    switch (envelope?.kind) {
      case 'welcome':
        if (envelope.session === session && !welcome) {
          clearTimeout(helloTimer);
          welcome = envelope;
          capabilities = new Set(envelope.capabilities);
          interactive = new Set(envelope.interactive ?? []);
          limits = envelope.limits;
          for (const event of subscribed) emitToHost(SUBSCRIBE_EVENT, { event });
          resolveReady(envelope);
          flush();
        }
        break;
      case 'response': {
        const call = pending.get(envelope.id);
        if (call) finish(call, envelope.ok, envelope.result);
        break;
      }
      case 'event':
        // The listeners as they are now: one added by a listener waits for the next event.
        for (const listener of listeners.get(envelope.name)?.slice() ?? []) listener(envelope.data, envelope.reply);
        break;
      case 'bye':
        if (welcome) {
          failAll(DISCONNECTED, false);
          startHandshake();
        }
        break;
    }
  }

  const g = globalThis as { document?: unknown } & EventTarget;
  tap.listen(options.tapTarget === undefined ? (g.document ? g : undefined) : (options.tapTarget ?? undefined));
  const unlisten = transport.listen(receive);
  startHandshake();

  const face: RuntimeFace = {
    get ready() {
      return ready;
    },
    get connected() {
      return connected();
    },
    get pendingCount() {
      return pending.size + queue.length;
    },
    runInTap: (fn) => tap.run(fn),
    dispose() {
      if (disposed) return;
      disposed = true;
      clearTimeout(helloTimer);
      if (welcome) post({ wxbridge: WIRE_MARKER, kind: 'bye', reason: 'guest disposed' });
      unlisten();
      transport.close?.();
      tap.stop();
      listeners.clear();
      failAll(DISPOSED, true);
    },
  };
  const runtime: GuestRuntime = {
    get welcome() {
      return welcome;
    },
    supports: (api) => capabilities.has(api),
    call(api, entry, options) {
      const [call, problem] = readOptions(api, entry, options);
      // Callback style when a callback function is passed; otherwise a Promise, so no result (not
      // even a parameter error about a callback that is not a function) is ever lost.
      const promise =
        call.success || call.fail || call.complete
          ? undefined
          : new Promise<WxResult>((resolve, reject) => {
            call.resolve = resolve;
            call.reject = reject;
          });
      if (problem) failSoon(call, 'parameter error: ' + problem, ERRNO_INVALID_PARAMETER);
      else if (disposed) failSoon(call, DISPOSED);
      else if (entry.tap && !tap.inTap) failSoon(call, TAP_REQUIRED);
      else {
        if (tap.inTap) {
          call.tap = true;
          if (entry.tap) tap.consume();
        }
        if (connected() && pending.size < limits.maxInFlight) dispatch(call);
        else queue.push(call);
      }
      return promise;
    },
    emitToHost,
    listen(event, listener, single) {
      const list = listeners.get(event);
      if (list && !single) list.push(listener);
      else listeners.set(event, [listener]);
      if (subscribed.has(event)) return;
      subscribed.add(event);
      if (connected()) emitToHost(SUBSCRIBE_EVENT, { event });
    },
    reportError: (api, thrown) => reportScriptError(onError, api, thrown),
  };
  return [face, runtime];
}
