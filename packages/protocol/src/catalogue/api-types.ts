/**
 * TypeScript types derived from the catalogue: what each API takes, what its
 * success and fail results hold. Nothing here is written per API.
 */
import type { ApiName, Catalogue } from './catalogue';
import type { FieldsTypeOf, TypeOf, View } from './spec';

type NamesOfKind<K extends string> = { [A in ApiName]: Catalogue[A]['kind'] extends K ? A : never }[ApiName];

export type AsyncApiName = NamesOfKind<'async'>;
export type SyncApiName = NamesOfKind<'sync'>;
export type EventApiName = NamesOfKind<'event'>;
export type OpenTypeName = NamesOfKind<'openType'>;
/** The APIs a host answers: async calls and button open-types. */
export type HostApiName = AsyncApiName | OpenTypeName;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The parameters of an API (its options object without the callbacks). */
export type ParamsOf<A extends ApiName> = Catalogue[A] extends { readonly params: infer P } ? FieldsTypeOf<P> : {};

/** Whether an API's options object must be passed (it has a required parameter). */
export type HasRequiredParams<A extends ApiName> = {} extends ParamsOf<A> ? false : true;

type SuccessFields<A extends ApiName, V extends View = 'guest'> = (Catalogue[A] extends { readonly success: infer S }
  ? FieldsTypeOf<S, V>
  : {}) &
  (Catalogue[A] extends { readonly successValues: infer W } ? { [key: string]: TypeOf<W, V> } : {});

/** What a host handler returns on success (custom fields pass through). */
export type HandlerResultOf<A extends ApiName> = Simplify<SuccessFields<A, 'host'>> & { [custom: string]: unknown };

/** The success result the mini program receives. */
export type SuccessOf<A extends ApiName> = Simplify<SuccessFields<A> & { errMsg: string }>;

type FailFields<A extends ApiName> = Catalogue[A] extends { readonly fail: infer F } ? FieldsTypeOf<F> : {};

/** The fail result the mini program receives. */
export type FailOf<A extends ApiName> = Simplify<
  Omit<{ errMsg: string; errno?: number; errCode?: number }, keyof FailFields<A>> & FailFields<A> & { errMsg: string }
>;

/** The value a sync API returns. */
export type ReturnOf<A extends SyncApiName, V extends View = 'guest'> = Catalogue[A] extends { readonly returns: infer R }
  ? TypeOf<R, V>
  : void;

/** The account snapshot `getAccountInfoSync()` returns, as the mini program's types show it. */
export type AccountInfo = ReturnOf<'getAccountInfoSync'>;
/** The account snapshot a host sends (`plugin` only inside a plugin). */
export type HostAccountInfo = ReturnOf<'getAccountInfoSync', 'host'>;
