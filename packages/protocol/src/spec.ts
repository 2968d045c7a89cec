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

/** The TypeScript type of a value described by `S`. */
export type TypeOf<S> = S extends { readonly type: 'string'; readonly enum: readonly (infer E)[] }
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
          ? TypeOf<I>[]
          : S extends { readonly type: 'object' }
            ? ObjectTypeOf<S>
            : any;

type RequiredKeys<F> = { [K in keyof F]: F[K] extends { readonly required: true } ? K : never }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;

/** An object type with a key per field; required fields are not optional. */
export type FieldsTypeOf<F> = Simplify<
  { -readonly [K in RequiredKeys<F>]: TypeOf<F[K]> } & { -readonly [K in OptionalKeys<F>]?: TypeOf<F[K]> }
>;

type ObjectTypeOf<S> = (S extends { readonly fields: infer F } ? FieldsTypeOf<F> : {}) &
  (S extends { readonly values: infer V } ? { [key: string]: TypeOf<V> } : {}) &
  (S extends { readonly fields: any } ? {} : S extends { readonly values: any } ? {} : Record<string, any>);

/** Capitalised type words used in `parameter error` messages (`String`, `Null`, …). */
export function typeWord(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  const t = typeof value;
  return t.charAt(0).toUpperCase() + t.slice(1);
}
