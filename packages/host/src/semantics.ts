/**
 * The platform's rules on top of the integrator's handlers. Each feature
 * (scopes, user info, privacy, login versions) supplies `Semantics` for the
 * APIs it owns; the host runs them in place of, or around, the handler.
 */
import type { DecisionStore } from './decisions';
import type { ApiVersion, App, SemanticsOptions, VersionedApi } from './options';
import type { CallContext } from './types';

export interface Services {
  readonly options: SemanticsOptions;
  readonly decisions: DecisionStore;
  /** The signed-in user for this call's app. */
  userOf(ctx: CallContext): Promise<string>;
  /** Shows a prompt in this mini program's queue (one at a time, rate-limited). */
  prompt<T>(ctx: CallContext, show: () => T | Promise<T>): Promise<T>;
  version(app: App, api: VersionedApi): ApiVersion;
  /** Tells the integrator (the host's `error` event, phase `hook`) that one of its hooks or adapters failed. */
  report(ctx: CallContext, error: unknown): void;
}

/**
 * Calls the integrator's handler with (possibly adjusted) params and returns what it returned: a
 * value, or a promise of one (`await` it), or throws what it threw. A synchronous handler stays
 * synchronous, so the host can answer in the same task without a promise.
 */
export type Next = (params: Record<string, unknown>) => unknown;

export interface Semantics {
  /**
   * `none`: built in entirely (`host.handle` refuses the API); `optional`: works with or without a
   * handler; `required`: wraps the integrator's handler.
   */
  readonly handler: 'none' | 'optional' | 'required';
  /** Whether the API is offered to this app, given the options and whether a handler exists. */
  offered(app: App, hasHandler: boolean): boolean;
  run(params: Record<string, unknown>, ctx: CallContext, next: Next): unknown;
}

export type SemanticsTable = Partial<Record<string, Semantics>>;
