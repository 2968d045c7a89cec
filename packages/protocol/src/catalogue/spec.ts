/**
 * The value-spec vocabulary of the API catalogue.
 *
 * A spec describes one value (a parameter, a result field) as plain data. The
 * same spec drives three things: the host's parameter validation (at run
 * time), the TypeScript types of the guest's `wx` object and the host's
 * handlers (through `TypeOf`), and the generated API docs. Nothing about an
 * API is written twice.
 */

export type SpecType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'any';

interface SpecBase {
  /** A required parameter (or a result field that is always present). */
  readonly required?: boolean;
  /**
   * A result field the mini program's types show as present (as the platform typings do), which a
   * host may still leave out (e.g. `cloudID` without cloud development): optional in host types.
   */
  readonly hostOptional?: boolean;
  /** One line for the docs. */
  readonly doc?: string;
}

export interface StringSpec extends SpecBase {
  readonly type: 'string';
  /** The only values accepted; checked by the host. */
  readonly enum?: readonly string[];
}
export interface NumberSpec extends SpecBase {
  readonly type: 'number';
  /** The only values accepted; checked by the host. */
  readonly enum?: readonly number[];
}
export interface BooleanSpec extends SpecBase {
  readonly type: 'boolean';
}
export interface ArraySpec extends SpecBase {
  readonly type: 'array';
  readonly items: ValueSpec;
}
export interface ObjectSpec extends SpecBase {
  readonly type: 'object';
  /** Named fields. */
  readonly fields?: FieldsSpec;
  /** Any other key has values of this spec (an index signature). */
  readonly values?: ValueSpec;
}
export interface AnySpec extends SpecBase {
  readonly type: 'any';
}

export type ValueSpec = StringSpec | NumberSpec | BooleanSpec | ArraySpec | ObjectSpec | AnySpec;
export type FieldsSpec = { readonly [name: string]: ValueSpec };

// ---------------------------------------------------------------------------
// Types derived from specs.

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * Whose view of a value: `guest` (what the mini program sees) or `host` (what a handler must
 * provide, where `hostOptional` fields may be left out).
 */
export type View = 'guest' | 'host';

/** The TypeScript type of a value described by `S`. */
export type TypeOf<S, V extends View = 'guest'> = S extends { readonly type: 'string'; readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: 'string' }
    ? string
    : S extends { readonly type: 'number'; readonly enum: readonly (infer N)[] }
      ? N
      : S extends { readonly type: 'number' }
        ? number
        : S extends { readonly type: 'boolean' }
          ? boolean
          : S extends { readonly type: 'array'; readonly items: infer I }
            ? TypeOf<I, V>[]
            : S extends { readonly type: 'object' }
              ? ObjectTypeOf<S, V>
              : any;

type IsRequired<S, V extends View> = S extends { readonly required: true }
  ? V extends 'host'
    ? S extends { readonly hostOptional: true }
      ? false
      : true
    : true
  : false;
type RequiredKeys<F, V extends View> = { [K in keyof F]: IsRequired<F[K], V> extends true ? K : never }[keyof F];
type OptionalKeys<F, V extends View> = Exclude<keyof F, RequiredKeys<F, V>>;

/** An object type with a key per field; required fields are not optional. */
export type FieldsTypeOf<F, V extends View = 'guest'> = Simplify<
  { -readonly [K in RequiredKeys<F, V>]: TypeOf<F[K], V> } & { -readonly [K in OptionalKeys<F, V>]?: TypeOf<F[K], V> }
>;

type ObjectTypeOf<S, V extends View> = (S extends { readonly fields: infer F } ? FieldsTypeOf<F, V> : {}) &
  (S extends { readonly values: infer W } ? { [key: string]: TypeOf<W, V> } : {}) &
  (S extends { readonly fields: any } ? {} : S extends { readonly values: any } ? {} : Record<string, any>);

/** Capitalised type words used in `parameter error` messages (`String`, `Null`, …). */
export function typeWord(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  const t = typeof value;
  return t.charAt(0).toUpperCase() + t.slice(1);
}
