/**
 * The host's public types: handlers, the call context, app identity and the
 * observability events.
 */
import type { HandlerResultOf, HostApiName, Limits, ParamsOf, WxResult } from '@wxbridge/protocol';
import type { Connection } from './connection';
import type { WxError } from './failure';
import type { SemanticsOptions } from './options';

/** Who a connection belongs to. Bound by the host when it connects; never taken from a request. */
export interface AppIdentity {
  appId: string;
  envVersion?: 'develop' | 'trial' | 'release';
  /** The released version number (reported only for `release`). */
  version?: string;
}

export interface CallContext {
  /** The API being called. */
  readonly api: string;
  /** The request id (unique within the guest's session). */
  readonly id: number;
  /** The mini program making the call. */
  readonly app: Readonly<Required<AppIdentity>>;
  /** The connection the call came on. */
  readonly connection: Connection;
  /** Fires when the guest gives up on the call, disconnects, reloads, or the host is disposed. */
  readonly signal: AbortSignal;
  /** Whether the guest reported the call as made inside a user tap. */
  readonly tap: boolean;
}

type Awaitable<T> = T | Promise<T>;

/** What a handler may return: the success fields (custom fields pass through), nothing, or a `WxError`. */
export type HandlerReturn<A extends HostApiName> = Awaitable<HandlerResultOf<A> | void | WxError>;

export type Handler<A extends HostApiName> = (params: ParamsOf<A>, ctx: CallContext) => HandlerReturn<A>;

export interface HostOptions extends SemanticsOptions {
  /** The superapp's name, sent in the welcome. */
  name?: string;
  /** The superapp's version, sent in the welcome. */
  version?: string;
  /** Per-connection limits (message size, nesting, calls in flight). */
  limits?: Partial<Limits>;
  /**
   * Messages one guest may send before the host's event loop gets a turn (checked every 256
   * messages). A guest that sends more is not waiting for answers but flooding: the connection is
   * disposed with the reason `too many messages`. Default 4096.
   */
  maxMessagesPerTurn?: number;
}

export interface CallInfo {
  connection: Connection;
  id: number;
  api: string;
  params: Record<string, unknown>;
}

export interface ResultInfo extends CallInfo {
  ok: boolean;
  result: WxResult;
  /** Milliseconds from the request's arrival to its response. */
  durationMs: number;
}

export interface ErrorInfo {
  connection?: Connection;
  /**
   * Where it happened: a handler that threw, a hook or device adapter of the integrator's that threw
   * or answered nonsense inside the platform's rules (`hook`), a message that failed to decode, a
   * response that could not be sent, a replayed request id.
   */
  phase: 'handler' | 'hook' | 'decode' | 'send' | 'replay';
  api?: string;
  id?: number;
  error: unknown;
}

export interface HostEvents {
  connect: [connection: Connection];
  disconnect: [connection: Connection, reason: string];
  call: [info: CallInfo];
  result: [info: ResultInfo];
  error: [info: ErrorInfo];
}
