/**
 * The host's public types: handlers, the call context and the observability events.
 */
import type { HandlerResultOf, HostApiName, ParamsOf, WxResult } from '@wxbridge/protocol';
import type { App } from './app';
import type { Connection } from './connection';
import type { WxError } from './failure';

export type { AppIdentity, App } from './app';

export interface CallContext {
  /** The API being called. */
  readonly api: string;
  /** The request id (unique within the guest's session). */
  readonly id: number;
  /** The mini program making the call. */
  readonly app: App;
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
