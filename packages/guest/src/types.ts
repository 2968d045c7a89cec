/**
 * The type of the `wx` object, derived from the catalogue. Promise-aware the
 * way `miniprogram-api-typings` types it: a call with none of
 * `success`/`fail`/`complete` returns a Promise of the success result,
 * otherwise `void`.
 */
import type {
  ApiName,
  AsyncApiName,
  Catalogue,
  EventApiName,
  FailOf,
  FieldsTypeOf,
  HasRequiredParams,
  ParamsOf,
  ReturnOf,
  SuccessOf,
  SyncApiName,
  TypeOf,
} from '@wxbridge/protocol';

export interface Callbacks<S, F> {
  /** Runs on success. */
  success?: (result: S) => void;
  /** Runs on failure. */
  fail?: (result: F) => void;
  /** Runs last, after `success` or `fail`, with the same object. */
  complete?: (result: S | F) => void;
}

/** The options object of an async API: its parameters plus the callbacks. */
export type OptionOf<A extends ApiName> = ParamsOf<A> & Callbacks<SuccessOf<A>, FailOf<A>>;

/** `void` when any callback is passed, else a Promise of the success result. */
export type PromisifySuccessResult<P, S> = P extends { success: any }
  ? void
  : P extends { fail: any }
    ? void
    : P extends { complete: any }
      ? void
      : Promise<S>;

export type AsyncMethod<A extends AsyncApiName> =
  HasRequiredParams<A> extends true
    ? <T extends OptionOf<A> = OptionOf<A>>(option: T) => PromisifySuccessResult<T, SuccessOf<A>>
    : <T extends OptionOf<A> = OptionOf<A>>(option?: T) => PromisifySuccessResult<T, SuccessOf<A>>;

export type SyncMethod<A extends SyncApiName> = Catalogue[A] extends { readonly params: infer P }
  ? (arg: TypeOf<P[keyof P]>) => ReturnOf<A>
  : () => ReturnOf<A>;

/** What a resolvable event's `resolve` accepts (the privacy prompt flow). */
export interface EventResolution {
  event: 'exposureAuthorization' | 'agree' | 'disagree';
  buttonId?: string;
}

type EventInfoOf<A extends EventApiName> = Catalogue[A] extends { readonly success: infer S } ? FieldsTypeOf<S> : {};

export type EventListenerOf<A extends EventApiName> = Catalogue[A] extends { readonly resolvable: true }
  ? (resolve: (resolution: EventResolution) => void, info: EventInfoOf<A>) => void
  : (info: EventInfoOf<A>) => void;

export type EventMethod<A extends EventApiName> = (listener: EventListenerOf<A>) => void;

/** The `wx` object a mini program calls. */
export type Wx = { [A in AsyncApiName]: AsyncMethod<A> } & { [A in SyncApiName]: SyncMethod<A> } & {
  [A in EventApiName]: EventMethod<A>;
};
