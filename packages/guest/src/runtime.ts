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
import { EventEmitter } from 'eventemitter3';
import {
  DEFAULT_LIMITS,
  ERRNO,
  PROTOCOL_VERSION,
  REASON,
  WIRE_MARKER,
  decodeEnvelope,
  failResult,
  type ApiEntry,
  type Envelope,
  type EventEnvelope,
  type Limits,
  type RequestEnvelope,
  type Transport,
  type WelcomeEnvelope,
  type WxResult,
} from '@wxbridge/protocol';
import { defaultErrorSink, runCallbacks, type ErrorSink } from './callbacks';
import { readOptions, type Call } from './call-options';
import { TapTracker } from './tap';

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
/** Capability names of the integrator's own APIs. */
const CUSTOM_PREFIX = 'invokeNativePlugin.';
/** The guest event that tells the host the mini program listens to an event. */
const SUBSCRIBE_EVENT = 'subscribe';
const HELLO_MAX_DELAY = 1000;

function randomSession(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class GuestRuntime {
  readonly tap = new TapTracker();
  /** Host events by name. */
  readonly events = new EventEmitter();
  welcome: WelcomeEnvelope | undefined;
  ready!: Promise<WelcomeEnvelope>;
  private resolveReady!: (welcome: WelcomeEnvelope) => void;
  private readonly transport: Transport;
  private readonly onError: ErrorSink;
  private readonly timeout: number;
  private readonly interactiveTimeout: number;
  private limits: Limits = DEFAULT_LIMITS;
  private capabilities = new Set<string>();
  /** Custom APIs the host marked interactive. */
  private interactive = new Set<string>();
  private readonly queue: Call[] = [];
  private readonly pending = new Map<number, Call>();
  private nextId = 1;
  private session = '';
  private helloTimer: ReturnType<typeof setTimeout> | undefined;
  private helloDelay = HELLO_FIRST_DELAY;
  private readonly unlisten: () => void;
  private disposed = false;
  private readonly subscribed = new Set<string>();

  constructor(options: GuestOptions) {
    this.transport = options.transport;
    this.onError = options.onError ?? defaultErrorSink;
    this.timeout = options.timeout ?? 10_000;
    this.interactiveTimeout = options.interactiveTimeout ?? 0;
    const g = globalThis as { document?: unknown } & EventTarget;
    this.tap.listen(options.tapTarget === undefined ? (g.document ? g : undefined) : (options.tapTarget ?? undefined));
    this.unlisten = this.transport.listen(this.receive);
    this.startHandshake();
  }

  get connected(): boolean {
    return this.welcome !== undefined && !this.disposed;
  }

  supports(api: string): boolean {
    return this.capabilities.has(api);
  }

  /** Calls an async API; returns a Promise exactly when no callback function was passed. */
  call(api: string, entry: ApiEntry, options: unknown): Promise<WxResult> | undefined {
    const { call, callbackStyle, problem } = readOptions(api, entry, options);
    const promise = callbackStyle
      ? undefined
      : new Promise<WxResult>((resolve, reject) => {
          call.resolve = resolve;
          call.reject = reject;
        });
    if (problem) this.failSoon(call, 'parameter error: ' + problem, ERRNO.invalidParameter);
    else if (this.disposed) this.failSoon(call, REASON.disposed);
    else if (entry.tap && !this.tap.inTap) this.failSoon(call, REASON.tapRequired);
    else {
      if (this.tap.inTap) {
        call.tap = true;
        if (entry.tap) this.tap.consume();
      }
      if (this.connected && this.pending.size < this.limits.maxInFlight) this.dispatch(call);
      else this.queue.push(call);
    }
    return promise;
  }

  /** Sends an event to the host (the answer to a resolvable event). */
  emitToHost(name: string, data: unknown, reply?: number): void {
    if (this.disposed) return;
    const envelope: EventEnvelope = { wxbridge: WIRE_MARKER, kind: 'event', name, data };
    if (reply !== undefined) envelope.reply = reply;
    this.post(envelope);
  }

  /** Tells the host (now and after every reconnection) that the mini program listens to `event`. */
  subscribe(event: string): void {
    if (this.subscribed.has(event)) return;
    this.subscribed.add(event);
    if (this.connected) this.emitToHost(SUBSCRIBE_EVENT, { event });
  }

  /** Reports an exception thrown by mini program code. */
  reportError(error: Error): void {
    try {
      this.onError(error);
    } catch {
      // A sink that throws must not break the bridge.
    }
  }

  /** Settles every pending and queued call with a fail and stops listening. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.helloTimer);
    if (this.welcome) this.post({ wxbridge: WIRE_MARKER, kind: 'bye', reason: 'guest disposed' });
    this.unlisten();
    this.transport.close?.();
    this.tap.stop();
    this.events.removeAllListeners();
    this.failAll(REASON.disposed, true);
  }

  /** How many calls are waiting for an answer (for leak checks). */
  get pendingCount(): number {
    return this.pending.size + this.queue.length;
  }

  private post(envelope: Envelope): unknown {
    try {
      this.transport.send(envelope);
      return undefined;
    } catch (error) {
      return error ?? new Error('send failed');
    }
  }

  private startHandshake(): void {
    this.session = randomSession();
    this.welcome = undefined;
    this.helloDelay = HELLO_FIRST_DELAY;
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.sayHello();
  }

  private sayHello = (): void => {
    if (this.disposed || this.welcome) return;
    this.post({ wxbridge: WIRE_MARKER, kind: 'hello', protocol: PROTOCOL_VERSION, sdk: SDK_VERSION, session: this.session });
    this.helloTimer = setTimeout(this.sayHello, this.helloDelay);
    this.helloDelay = Math.min(this.helloDelay * 2, HELLO_MAX_DELAY);
  };

  private dispatch(call: Call): void {
    call.id = this.nextId++;
    this.pending.set(call.id, call);
    const envelope: RequestEnvelope = { wxbridge: WIRE_MARKER, kind: 'request', id: call.id, api: call.api, params: call.params };
    if (call.tap) envelope.tap = true;
    const error = this.post(envelope);
    if (error) {
      this.pending.delete(call.id);
      const name = (error as { name?: string }).name;
      if (name === 'DataCloneError' || error instanceof TypeError) {
        this.failSoon(call, 'parameter error: parameters must be JSON data;', ERRNO.invalidParameter);
      } else this.failSoon(call, REASON.disconnected);
      return;
    }
    const timeoutMs = this.timeoutOf(call);
    if (timeoutMs > 0) call.timer = setTimeout(() => this.expire(call), timeoutMs);
  }

  /** The call's own `timeout` parameter where the API has one, else its class's default. */
  private timeoutOf(call: Call): number {
    const requested = call.params.timeout;
    if (call.entry.params && 'timeout' in call.entry.params && typeof requested === 'number' && requested > 0) {
      return requested;
    }
    const custom = call.api === 'invokeNativePlugin' && this.interactive.has(CUSTOM_PREFIX + String(call.params.api_name));
    return call.entry.interactive || custom ? this.interactiveTimeout : this.timeout;
  }

  private expire(call: Call): void {
    if (this.pending.get(call.id) !== call) return;
    this.post({ wxbridge: WIRE_MARKER, kind: 'cancel', id: call.id });
    this.finish(call, false, failResult(call.api, REASON.timeout, { errno: ERRNO.timeout }));
  }

  private finish(call: Call, ok: boolean, result: WxResult): void {
    clearTimeout(call.timer);
    this.pending.delete(call.id);
    this.deliver(call, ok, result);
    this.flush();
  }

  private flush(): void {
    while (this.connected && this.queue.length && this.pending.size < this.limits.maxInFlight) {
      this.dispatch(this.queue.shift()!);
    }
  }

  private deliver(call: Call, ok: boolean, result: WxResult): void {
    const run = () => {
      if (call.resolve) (ok ? call.resolve : call.reject!)(result);
      else runCallbacks(this.onError, call.api, call, ok, result);
    };
    // A payment's callbacks (and the continuations of its Promise) count as a user tap.
    if (call.entry.grantsTap) this.tap.run(run);
    else run();
  }

  /** Fails a call that never left the guest, on a later microtask. */
  private failSoon(call: Call, reason: string, errno?: number): void {
    const result = failResult(call.api, reason, errno === undefined ? {} : { errno });
    void Promise.resolve().then(() => this.deliver(call, false, result));
  }

  private failAll(reason: string, includeQueued: boolean): void {
    const calls = [...this.pending.values(), ...(includeQueued ? this.queue.splice(0) : [])];
    this.pending.clear();
    for (const call of calls) {
      clearTimeout(call.timer);
      this.failSoon(call, reason);
    }
  }

  private receive = (data: unknown): void => {
    if (this.disposed) return;
    const decoded = decodeEnvelope(data);
    if (!decoded.ok) return;
    const envelope = decoded.envelope;
    switch (envelope.kind) {
      case 'welcome':
        if (envelope.session === this.session && !this.welcome) {
          clearTimeout(this.helloTimer);
          this.welcome = envelope;
          this.capabilities = new Set(envelope.capabilities);
          this.interactive = new Set(envelope.interactive ?? []);
          this.limits = envelope.limits;
          for (const event of this.subscribed) this.emitToHost(SUBSCRIBE_EVENT, { event });
          this.resolveReady(envelope);
          this.flush();
        }
        break;
      case 'response': {
        const call = this.pending.get(envelope.id);
        if (call) this.finish(call, envelope.ok, envelope.result);
        break;
      }
      case 'event':
        this.events.emit(envelope.name, envelope.data, envelope.reply);
        break;
      case 'bye':
        if (this.welcome) {
          this.failAll(REASON.disconnected, false);
          this.startHandshake();
        }
        break;
    }
  };
}
