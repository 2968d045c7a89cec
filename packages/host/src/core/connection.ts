/**
 * One guest connection: bound to one app by the host, fed by one transport. It answers the
 * handshake, checks every envelope with the codec (each one of a batch as if it had come alone),
 * refuses replayed request ids, bounds calls in flight, and guarantees each request exactly one
 * response. What it sends goes through its outbox, which batches once the handshake agreed to.
 */
import { EventEmitter } from 'eventemitter3';
import {
  ALONE_FROM,
  ERRNO,
  REASON,
  SUBSCRIBE_EVENT,
  WIRE_MARKER,
  failResult,
  type DecodeResult,
  type HostAccountInfo,
  type EventEnvelope,
  type RequestEnvelope,
  type Transport,
  type WxResult,
} from '@wxbridge/protocol';
import { Intake } from './intake';
import { Outbox } from './outbox';
export { BYTES_REASON, FLOOD_REASON } from './intake';
import { batchAccepted, welcome, type HostFacts } from './welcome';
import type { App } from './app';
import { internalError, isThenable, type Outcome } from './compose';
import { abort, type RunningCall } from './running-call';
export type { RunningCall } from './running-call';

/** What a connection needs from its host. */
export interface ConnectionOwner extends HostFacts {
  /** Messages a guest may send before the host's event loop turns; past it the connection is cut off. */
  readonly maxMessagesPerTurn: number;
  /** Bytes a guest's messages may cost to read per second before the connection is cut off. */
  readonly maxBytesPerSecond: number;
  /** Runs an accepted call through the gate: its outcome, now or later (a promise that never rejects). */
  dispatch(connection: Connection, request: RequestEnvelope, call: RunningCall): Outcome | PromiseLike<Outcome>;
  /** Whether calls are timed (someone listens for results). */
  timed(): boolean;
  /** A call was answered with what was sent (`started`: when it arrived, if timed). */
  answered(connection: Connection, request: RequestEnvelope, sent: { ok: boolean; result: WxResult }, started?: number): void;
  report(phase: 'decode' | 'send' | 'replay' | 'hook' | 'handler', connection: Connection, error: unknown, id?: number, api?: string): void;
  closed(connection: Connection, reason: string): void;
}

let nextConnectionId = 1;
/** Longest goodbye reason sent (the codec accepts up to 1024 characters). */
const MAX_REASON = 256;
/** The goodbye that tells a guest which sends calls without a session to handshake again. */
export const NO_SESSION_REASON = 'no session';

export class Connection {
  readonly id = nextConnectionId++;
  readonly app: App;
  readonly account: HostAccountInfo;
  /** Events the guest sends (`name`, then `data` and a reply id). */
  readonly guestEvents = new EventEmitter();
  /** The guest's session. */
  private session: string | undefined;
  /** What is sent to the guest: keyed and batched as its hello asked (protocol.md, sections 6 and 17). */
  private readonly outbox: Outbox;
  /** The call `respond` answers last, and what it sent instead when that very response could not be sent (a batch flushed on the way fails for earlier calls). */
  private answering: RunningCall | undefined;
  private fallback: Outcome | undefined;
  private sessionController = new AbortController();
  /** Guest events the mini program listens to in this session (`subscribe` events). */
  private readonly subscribed = new Set<string>();
  private lastId = 0;
  private readonly running = new Map<number, RunningCall>();
  private readonly unlisten: () => void;
  private readonly intake: Intake;
  private closed = false;
  /** A `no session` goodbye was sent since the last hello (it is sent once). */
  private toldNoSession = false;

  constructor(
    private readonly owner: ConnectionOwner,
    private readonly transport: Transport,
    app: App,
    /** The origins the transport accepts messages from (`transport.origins`), if it knows them. */
    readonly origins: readonly string[] = [],
  ) {
    this.app = app;
    this.account = {
      miniProgram: { appId: app.appId, envVersion: app.envVersion, version: app.envVersion === 'release' ? app.version : '' },
    };
    this.intake = new Intake(owner.limits, owner.maxBatch, owner.maxMessagesPerTurn, owner.maxBytesPerSecond);
    this.outbox = new Outbox(transport, owner.limits.maxDepth, this.unsent);
    this.unlisten = transport.listen(this.receive);
  }

  /** Whether a guest has said hello and not goodbye. */
  get connected(): boolean {
    return this.session !== undefined && !this.closed;
  }

  /** Fires when the current guest session ends (reload, goodbye, dispose). */
  get sessionSignal(): AbortSignal {
    return this.sessionController.signal;
  }

  /** Whether the mini program registered a listener for a guest event (e.g. `needPrivacyAuthorization`). */
  listens(event: string): boolean {
    return this.subscribed.has(event);
  }

  /** Calls running now (for leak checks). */
  get runningCount(): number {
    return this.running.size;
  }

  /** Sends an event to the guest (e.g. a privacy prompt request). */
  sendEvent(name: string, data: unknown, reply?: number): void {
    const envelope: EventEnvelope = { wxbridge: WIRE_MARKER, kind: 'event', name, data };
    if (reply !== undefined) envelope.reply = reply;
    this.outbox.event(envelope);
  }

  /**
   * Answers a call, once (later answers dropped); `internal error` instead if the result is not JSON data or
   * cannot cross (`unsent`). Returns what was sent; in a batch, what was handed over (a failing batch is reported then).
   */
  respond(call: RunningCall, ok: boolean, result: WxResult): { ok: boolean; result: WxResult } | undefined {
    if (call.settled) return undefined;
    call.settled = true;
    this.running.delete(call.id);
    this.answering = call;
    this.fallback = undefined;
    this.outbox.respond(call, ok, result);
    return this.fallback ?? { ok, result };
  }

  /** A response that could not be sent: reported, and `internal error` sent instead (an event or goodbye: nothing). */
  private readonly unsent = (error: unknown, call: RunningCall | undefined): void => {
    if (!call) return;
    this.owner.report('send', this, error, call.id, call.api);
    const fallback = internalError(call.api, error);
    if (call === this.answering) this.fallback = fallback;
    this.outbox.post({ wxbridge: WIRE_MARKER, kind: 'response', id: call.id, ok: false, result: fallback.result });
  };

  /** Says goodbye to the guest, aborts its running calls and stops listening. */
  dispose(reason = 'host disposed'): void {
    if (this.closed) return;
    reason = String(reason).slice(0, MAX_REASON);
    if (this.session !== undefined) this.outbox.post({ wxbridge: WIRE_MARKER, kind: 'bye', reason });
    this.outbox.flush(); // before the transport closes
    this.closed = true;
    this.intake.stop();
    this.endSession(reason);
    this.unlisten();
    this.transport.close?.();
    this.guestEvents.removeAllListeners();
    this.owner.closed(this, reason);
  }

  /** Aborts every running call of the current session. */
  private endSession(reason: string): void {
    this.session = undefined;
    this.outbox.reset();
    this.lastId = 0;
    this.subscribed.clear();
    this.sessionController.abort(reason);
    this.sessionController = new AbortController();
    for (const call of this.running.values()) abort(call, reason);
    this.running.clear();
  }

  /** One message of the channel: the intake counts it once, a batch's envelopes are each handled as if alone. */
  private receive = (data: unknown): void => {
    if (this.closed) return;
    const decoded = this.intake.read(data);
    if (typeof decoded === 'string') return this.dispose(decoded);
    if (!Array.isArray(decoded)) return this.handleSafely(decoded); // a lone envelope: no list is made for it
    for (const one of decoded) if (!this.closed) this.handleSafely(one);
  };

  private handleSafely(decoded: DecodeResult): void {
    try {
      this.handle(decoded);
    } catch (error) {
      // Only the integrator's code can throw here (a guestEvents listener, an `offered` rule): it is
      // reported, the batch's other envelopes are still handled, the transport never sees it.
      this.owner.report('hook', this, error);
    }
  }

  private handle(decoded: DecodeResult): void {
    if (!decoded.ok) {
      if (decoded.foreign) return;
      this.owner.report('decode', this, new Error(decoded.error), decoded.id, decoded.api);
      if (decoded.id !== undefined && (this.session === undefined || this.accept(decoded.id))) {
        const api = decoded.api ?? 'invoke';
        const result = failResult(api, `${REASON.invalidRequest}: ${decoded.error}`, { errno: ERRNO.invalidRequest });
        this.respond(this.track(decoded.id, api), false, result);
      }
      return;
    }
    const envelope = decoded.envelope;
    switch (envelope.kind) {
      case 'hello':
        if (envelope.session !== this.session) {
          if (this.session !== undefined) this.endSession('guest reloaded');
          this.session = envelope.session;
          this.outbox.key = envelope.key;
          this.lastId = 0;
        }
        this.toldNoSession = false;
        // The welcome goes alone (it may carry a port), after what waits of the old session.
        this.outbox.post(welcome(this.owner, this.app, this.account, envelope), undefined, ALONE_FROM);
        this.outbox.accept(batchAccepted(this.owner, envelope) ? envelope.batch! : 0);
        break;
      case 'request': {
        if (this.session === undefined) {
          // No hello yet, or the guest said goodbye: answer, but never run it.
          const result = failResult(envelope.api, `${REASON.invalidRequest}: no session, say hello first`, {
            errno: ERRNO.invalidRequest,
          });
          this.respond(this.track(envelope.id, envelope.api), false, result);
          // A guest that sends calls believes it has a session: this host restarted (or replaced
          // the one it spoke to) without a goodbye. Saying goodbye now makes it handshake again.
          if (!this.toldNoSession) {
            this.toldNoSession = true;
            this.outbox.post({ wxbridge: WIRE_MARKER, kind: 'bye', reason: NO_SESSION_REASON });
          }
          return;
        }
        if (!this.accept(envelope.id)) return;
        const call = this.track(envelope.id, envelope.api);
        if (this.running.size > this.owner.limits.maxInFlight) {
          this.respond(call, false, failResult(envelope.api, 'too many requests in flight', { errno: ERRNO.frequencyLimit }));
        } else this.start(envelope, call);
        break;
      }
      case 'cancel': {
        const call = this.running.get(envelope.id);
        if (call) {
          this.respond(call, false, failResult(call.api, REASON.timeout, { errno: ERRNO.timeout }));
          abort(call, REASON.timeout);
        }
        break;
      }
      case 'event':
        if (envelope.name === SUBSCRIBE_EVENT) {
          const event = (envelope.data as { event?: unknown } | null)?.event;
          if (typeof event === 'string' && event.length <= 128 && this.subscribed.size < 64) this.subscribed.add(event);
        } else this.guestEvents.emit(envelope.name, envelope.data, envelope.reply);
        break;
      case 'bye':
        this.endSession(envelope.reason || 'guest left');
        break;
    }
  }

  /**
   * Hands an accepted call to the gate and answers it with the outcome, now or when it settles.
   * If the integrator's code throws on the way, the call is still answered.
   */
  private start(request: RequestEnvelope, call: RunningCall): void {
    const started = this.owner.timed() ? performance.now() : undefined;
    let outcome: Outcome | PromiseLike<Outcome>;
    try {
      outcome = this.owner.dispatch(this, request, call);
    } catch (error) {
      this.respond(call, false, internalError(call.api, error).result);
      this.owner.report('hook', this, error, call.id, call.api);
      return;
    }
    if (!isThenable(outcome)) return this.finish(request, call, outcome, started);
    outcome.then(
      (settled) => this.finish(request, call, settled, started),
      (error: unknown) => this.finish(request, call, internalError(call.api, error), started),
    );
  }

  /** Answers a call with its outcome; one already answered (cancelled, aborted) drops it. */
  private finish(request: RequestEnvelope, call: RunningCall, outcome: Outcome, started: number | undefined): void {
    if (call.settled) return;
    if (outcome.error !== undefined) this.owner.report('handler', this, outcome.error, call.id, call.api);
    const sent = this.respond(call, outcome.ok, outcome.result);
    if (sent) this.owner.answered(this, request, sent, started);
  }

  /** Request ids must increase within a session: a replayed or duplicated id is never run twice. */
  private accept(id: number): boolean {
    if (id <= this.lastId) {
      this.owner.report('replay', this, new Error(`request id ${id} was already used`), id);
      return false;
    }
    this.lastId = id;
    return true;
  }

  private track(id: number, api: string): RunningCall {
    const call: RunningCall = { id, api, settled: false };
    this.running.set(id, call);
    return call;
  }
}
