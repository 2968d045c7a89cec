/**
 * The subscription feature's vocabulary: templates, options, the panel's request and answer,
 * the errCodes, and small helpers for records keyed by template ids.
 */
import { hasOwn } from '@wxbridge/protocol';
import type { App } from '../../core/app';
import { WxError, wxFail } from '../../core/failure';
import type { PromptRequest } from '../../core/options';

export type SubscriptionKind = 'one-time' | 'long-term';

/** One message template of the integrator's registry. */
export interface SubscriptionTemplate {
  id: string;
  /** Shown on the panel; requested templates sharing a title are shown once (the rest: `filter`). */
  title: string;
  kind: SubscriptionKind;
  /** Banned by the platform: answered `ban`, never shown. */
  banned?: boolean;
  /** A device message template: refused (errCode 20013). */
  deviceMessage?: boolean;
}

export interface SubscriptionOptions {
  /** The app's templates. Throwing fails the call with `Request list fail` (errCode 10002). */
  templates(app: App): readonly SubscriptionTemplate[] | Promise<readonly SubscriptionTemplate[]>;
  /** Template ids one call may request. Default 3, as the platform docs say (WeChat itself allows 5). */
  maxPerCall?: number;
  /** The user's main switch for this app's messages. Default: the stored decision (`true` until set). */
  mainSwitch?(app: App, user: string): boolean | Promise<boolean>;
  /** Whether this app is banned from subscribing messages. Default: never. */
  appBanned?(app: App): boolean | Promise<boolean>;
}

/** What `prompts.subscribe` is asked to show. */
export interface SubscribePromptRequest extends PromptRequest {
  /** The templates on the panel, in the order requested (banned, filtered and kept ones are not shown). */
  templates: SubscriptionTemplate[];
}

export type SubscribeChoice = 'accept' | 'reject';

/**
 * The user's answer: a choice per shown template (a template left out counts as `reject`), and
 * whether to keep the choices ("always keep this choice"); or `'cancel'`: every shown template rejected.
 */
export type SubscribePromptAnswer = { choices: Record<string, SubscribeChoice>; keep?: boolean } | 'cancel';

/** What the mini program receives per requested template id. */
export type SubscriptionResult = 'accept' | 'reject' | 'ban' | 'filter';

/** The errCodes of `requestSubscribeMessage:fail …`. */
export const SUBSCRIPTION_ERRORS = {
  emptyIds: 10001,
  listFail: 10002,
  subscribeFail: 10003,
  unknownTemplate: 20001,
  mixedKinds: 20002,
  tooMany: 20003,
  mainSwitchOff: 20004,
  appBanned: 20005,
  deviceMessage: 20013,
} as const;

export const DEFAULT_MAX_TEMPLATES_PER_CALL = 3;

/** Choices a user can keep. */
export const STORED = ['accept', 'reject', 'ban'];

export function fail(text: string, errCode: number): WxError {
  return wxFail(text, { errCode });
}

/** Sets a key as an own property, even `__proto__`. */
export function put<V>(target: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function own<V>(record: Record<string, V> | undefined, key: string): V | undefined {
  return record && hasOwn.call(record, key) ? record[key] : undefined;
}

export interface SubscriptionPrompts {
  /** `wx.requestSubscribeMessage`: the subscription panel. */
  subscribe?(request: SubscribePromptRequest): SubscribePromptAnswer | Promise<SubscribePromptAnswer>;
}

export interface SubscriptionFeatureOptions {
  /** Subscription templates per app, and the rules around them. */
  subscriptions?: SubscriptionOptions;
  prompts?: SubscriptionPrompts;
}
