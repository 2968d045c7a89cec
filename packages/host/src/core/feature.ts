/**
 * What a feature is. The platform's rules on top of the integrator's handlers come in features
 * (scopes, user info, privacy, login versions, biometrics, subscriptions, open abilities, custom
 * APIs): each declares the APIs it owns with their `Semantics`, and may provide one of the gate's
 * steps or add to the settings result. The host builds its table from a list of features
 * (`features/index.ts`); no other file knows a feature's APIs by name.
 */
import type { ApiEntry } from '@wxbridge/protocol';
import type { DecisionStore } from '../store/decisions';
import type { PlatformRecords } from '../store/platform-records';
import type { SessionService } from '../store/sessions';
import type { App } from './app';
import type { Consent } from './consent';
import type { CallContext } from './types';

/** What the host gives every feature. */
export interface Services {
  readonly decisions: DecisionStore;
  readonly sessions: SessionService;
  /** What the host records for the open-platform server, in the sessions' store (`sessions.platform`). */
  readonly platform: PlatformRecords;
  /** The one consent path: every sheet goes through it. */
  readonly consent: Consent;
  /** The signed-in user for this call's app. */
  userOf(ctx: CallContext): Promise<string>;
  /** Tells the integrator (the host's `error` event, phase `hook`) that one of its hooks or adapters failed. */
  report(ctx: CallContext, error: unknown): void;
  /** What every feature adds to a `getSetting` / `openSetting` result. */
  settings(ctx: CallContext, user: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Hands every feature what the user changed on the `openSetting` page (the settings hook's answer). */
  applySettings(ctx: CallContext, user: string, answer: Record<string, unknown>): Promise<void>;
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
  /** For `handler: 'none'`: how to configure the API instead (`host.handle`'s error says it). */
  readonly configureWith?: string;
  /**
   * The feature shows the API's sheet itself, through `services.consent` (it shows one only
   * sometimes, or its sheet is not the handler). Otherwise a sheet API's handler is the sheet, and
   * the gate runs it through the consent path.
   */
  readonly ownSheet?: boolean;
  /** The catalogue's scope does not apply with these options (anonymous `getUserInfo`). */
  readonly scopeExempt?: boolean;
  /** Whether the API is offered to this app, given the options and whether a handler exists. */
  offered(app: App, hasHandler: boolean): boolean;
  run(params: Record<string, unknown>, ctx: CallContext, next: Next): unknown;
}

export type SemanticsTable = Partial<Record<string, Semantics>>;

/** The gate's steps a feature may provide, in the order the gate runs them (after the tap check). */
export const GATE_STEPS = ['privacy', 'scope'] as const;
export type GateStepName = (typeof GATE_STEPS)[number];

/** A gate step: resolves to let the call go on, rejects (a `WxError`) to refuse it. */
export type GateStep = (entry: ApiEntry, ctx: CallContext, semantics: Semantics | undefined) => Promise<void>;

/** The integrator's own APIs (`host.registerApi`), as the feature that serves them takes them. */
export interface ApiRegistry<A> {
  register(name: string, api: A): () => void;
  /** Capability names beyond the catalogue's (`invokeNativePlugin.<name>`), and the interactive ones. */
  names(): { all: string[]; interactive: string[] };
}

export interface Feature<O = object> {
  /** The APIs it owns, with their semantics. */
  readonly apis?: SemanticsTable;
  /** Steps of the gate it provides. */
  readonly gates?: Partial<Record<GateStepName, GateStep>>;
  /** Fields it adds to `getSetting` / `openSetting` results. */
  settings?(ctx: CallContext, user: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Applies what the user changed on the `openSetting` page to the feature's own decisions. */
  applySettings?(ctx: CallContext, user: string, answer: Record<string, unknown>): Promise<void>;
  /** The registry behind `host.registerApi`, for the feature that serves the integrator's own APIs. */
  readonly registry?: ApiRegistry<O>;
}

/** Makes a feature from the host's services and options (every feature reads only its own options). */
export type FeatureFactory<O = never> = (services: Services, options: O) => Feature<any>;
