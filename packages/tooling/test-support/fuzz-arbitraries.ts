/**
 * fast-check generators for hostile input: whatever a mini program (or
 * anything else on its channel) could send the host. Two families:
 *
 * - random values of every JavaScript kind, including ones no real channel
 *   carries (getters that throw, Proxies, cycles, class instances), for the
 *   codec, which must refuse them all without throwing;
 * - structure-aware envelopes: valid shapes with hostile values
 *   (`__proto__`/`constructor` keys, huge strings, deep nesting, wrong types,
 *   unknown kinds, duplicate and replayed ids), sent as objects or as JSON
 *   text, for the dispatcher.
 */
import fc from 'fast-check';
import { apiNames, lookupApi, type FieldsSpec, type ValueSpec } from '@wxbridge/protocol';

/** Keys that reach prototypes or shadow built-ins, and a promise's `then`. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'] as const;

/** API names that must be unknown: prototype members, paths, sync and event APIs, junk. */
export const HOSTILE_API_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'constructor.constructor',
  'valueOf',
  '__defineSetter__',
  'getAccountInfoSync',
  'canIUse',
  'onNeedPrivacyAuthorization',
  'login.then',
  '',
  'x'.repeat(129),
] as const;

/** Strings that break naive splicing into code or markup. */
const NASTY_STRINGS = ["'", '"', '\\', '\u2028', '\u2029', ');alert(1)//', '</script>', '\u0000', '\ud800', '${x}', '%00'];

/** An object with an own property under `key`, even `__proto__` (plain assignment would set the prototype). */
export function own(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

export const key = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS) }, { weight: 3, arbitrary: fc.string({ maxLength: 8 }) });

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 16 }) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1, 2 ** 53 - 1, 1e308),
);

/** JSON-shaped values whose keys may be hostile, plus the non-JSON leaves `undefined`, NaN and ±Infinity. */
export const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(own),
  ),
})).value;

/** Nested arrays or objects exactly `depth` levels deep. */
export function nested(depth: number, asObject: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = asObject ? { d: value } : [value];
  return value;
}

const deep = fc.tuple(fc.integer({ min: 1, max: 48 }), fc.boolean()).map(([depth, asObject]) => nested(depth, asObject));

/** A few strings around the size limits the fuzzed hosts use, made once (they are large). */
const HUGE = [2 ** 11, 2 ** 14, 2 ** 20 + 1].map((n) => 'x'.repeat(n));
const huge = fc.constantFrom(...HUGE);

/**
 * Values no real channel carries, which a same-realm transport could still hand over. (A revoked
 * Proxy, which throws on every operation, breaks fast-check itself; a unit test covers it.)
 */
const exotic = fc.constantFrom<() => unknown>(
  () => () => 1,
  () => Symbol('s'),
  () => 10n,
  () => new Date(0),
  () => new Map([[1, 2]]),
  () => new (class Secret {})(),
  () => new Error('hostile'),
  () => /re/,
  () => new Uint8Array(4),
  () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    return cycle;
  },
  () =>
    Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    }),
  () =>
    new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('proxy');
        },
      },
    ),
  () => Object.create({ inherited: true }),
  () => Object.create(null),
  () => [1, , 3], // eslint-disable-line no-sparse-arrays
).map((make) => make());

/** Anything at all, for the codec. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: jsonish },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: exotic },
  { weight: 1, arbitrary: fc.anything() },
);

// ---------------------------------------------------------------------------------------------
// Envelopes.

const KINDS = ['hello', 'welcome', 'request', 'response', 'cancel', 'event', 'bye'] as const;
const kind = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...KINDS) }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 8 }), anyValue) });

/** Mostly small ids, so that duplicates and replays are common; sometimes hostile ones. */
export const id = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, 1.5, NaN, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, '1', null, undefined, [1]) },
);

const CATALOGUE_APIS = apiNames();
const CALLABLE_APIS = CATALOGUE_APIS.filter((name) => ['async', 'openType'].includes(lookupApi(name)!.kind));
export const api = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...CALLABLE_APIS) },
  { weight: 2, arbitrary: fc.constantFrom(...CATALOGUE_APIS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_API_NAMES) },
  { weight: 1, arbitrary: anyValue },
);

/** A value of the spec's type; unless `valid`, sometimes of another type (a parameter error). */
function valueFor(spec: ValueSpec, valid: boolean): fc.Arbitrary<unknown> {
  const right = ((): fc.Arbitrary<unknown> => {
    switch (spec.type) {
      case 'string':
        return spec.enum ? fc.constantFrom(...spec.enum) : text;
      case 'number':
        return spec.enum ? fc.constantFrom(...spec.enum) : fc.integer({ min: -10, max: 100_000 });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueFor(spec.items, valid), { maxLength: 4 });
      case 'object':
        return paramsFor(spec.fields ?? {}, valid);
      default:
        return jsonish;
    }
  })();
  return valid ? right : fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: jsonish });
}

/**
 * Params with the declared fields plus extra, maybe hostile, keys. `valid`: every required field,
 * each of its type; otherwise fields may be missing or of the wrong type.
 */
export function paramsFor(fields: FieldsSpec, valid = false): fc.Arbitrary<Record<string, unknown>> {
  const declared = Object.entries(fields).map(([name, spec]) => {
    const value = valueFor(spec, valid);
    const maybe = valid && spec.required ? value : fc.option(value, { nil: undefined, freq: 3 });
    return maybe.map((v) => [name, v] as const);
  });
  return fc
    .tuple(fc.tuple(...declared), fc.array(fc.tuple(key, jsonish), { maxLength: 2 }))
    .map(([named, extra]) => own([...named.filter(([, value]) => value !== undefined), ...extra]));
}

/** Params shaped for `api` when it is a catalogue API with parameters, else random. */
function paramsOf(name: unknown): fc.Arbitrary<unknown> {
  const entry = typeof name === 'string' ? lookupApi(name) : undefined;
  const fields = entry?.params ?? {};
  return fc.oneof(
    { weight: 6, arbitrary: paramsFor(fields, true) },
    { weight: 6, arbitrary: paramsFor(fields) },
    { weight: 1, arbitrary: anyValue },
    { weight: 1, arbitrary: deep.map((d) => ({ d })) },
    { weight: 1, arbitrary: huge.map((blob) => ({ blob })) },
  );
}

/** The custom API every fuzzed host registers, and its declared `data`. */
export const CUSTOM_API = { name: 'fuzzEcho', params: { n: { type: 'number', required: true }, tag: { type: 'string' } } } as const;

export const request = fc
  .tuple(id, api, fc.oneof({ weight: 12, arbitrary: fc.constantFrom<unknown>(true, false, undefined) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('yes', 1, null) }))
  .chain(([requestId, name, tap]) => {
    const params =
      name === 'invokeNativePlugin'
        ? fc.oneof(
            fc.record({ api_name: fc.constantFrom<unknown>(CUSTOM_API.name, CUSTOM_API.name, 'missing', '__proto__', 7), data: fc.oneof(paramsFor(CUSTOM_API.params, true), paramsFor(CUSTOM_API.params)) }),
            paramsOf(name),
          )
        : paramsOf(name);
    return params.map((p) => own([['wxbridge', 1], ['kind', 'request'], ['id', requestId], ['api', name], ['params', p], ...(tap === undefined ? [] : [['tap', tap] as const])]));
  });

const SESSIONS = ['page-1', 'page-2', 'page-3'];
export const hello = fc.record({ wxbridge: fc.constant(1), kind: fc.constant('hello'), protocol: fc.constantFrom<unknown>(1, 1, 2, 0, '1'), sdk: fc.constantFrom<unknown>('fuzz', 1), session: fc.oneof(fc.constantFrom(...SESSIONS), anyValue) });
const cancel = fc.record({ wxbridge: fc.constant(1), kind: fc.constant('cancel'), id });
const bye = fc.record({ wxbridge: fc.constant(1), kind: fc.constant('bye'), reason: fc.oneof(text, anyValue) });
const event = fc.record(
  {
    wxbridge: fc.constant(1),
    kind: fc.constant('event'),
    name: fc.oneof(fc.constantFrom('subscribe', 'needPrivacyAuthorization', '__proto__', 'newListener', 'error'), text),
    data: fc.oneof(fc.record({ event: fc.oneof(fc.constantFrom('needPrivacyAuthorization', 'agree', '__proto__'), text) }), anyValue),
    reply: id,
  },
  { requiredKeys: ['wxbridge', 'kind', 'name'] },
);
/** A guest forging what only the host sends. */
const forged = fc.record({ wxbridge: fc.constant(1), kind: fc.constantFrom('welcome', 'response'), id, ok: fc.boolean(), result: jsonish, session: fc.constantFrom(...SESSIONS) });

/** Any envelope kind with any field replaced, dropped or added. */
const mangled = fc
  .tuple(fc.oneof(request, hello, cancel, event, bye), fc.array(fc.tuple(fc.oneof(key, fc.constantFrom('kind', 'id', 'api', 'params', 'wxbridge', 'session')), fc.option(anyValue)), { maxLength: 3 }), kind)
  .map(([envelope, changes, newKind]) => {
    const copy = own(Object.entries(envelope as Record<string, unknown>));
    for (const [name, value] of changes) {
      if (value === null) delete copy[name];
      else Object.defineProperty(copy, name, { value, enumerable: true, writable: true, configurable: true });
    }
    if (changes.length === 0) copy.kind = newKind;
    return copy;
  });

/** Not a wxbridge message at all. */
const foreign = fc.oneof(anyValue, fc.constantFrom<unknown>(null, 42, 'hello', '{', '{"wxbridge":2}', '{"wxbridge":1', [1], { type: 'webpackOk' }, { wxbridge: '1' }));

/** One message as a mini program could send it: the envelope object, or its JSON text (maybe spoiled). */
function encoded(envelope: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const form = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('object', 'json') }, { weight: 1, arbitrary: fc.constantFrom('json-proto', 'json-cut') });
  return fc.tuple(envelope, form).map(([value, form]) => {
    if (form === 'object') return value;
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      return value; // cycles and BigInts have no JSON text
    }
    if (json === undefined) return value;
    if (form === 'json-proto') return json.replace(/^\{/, '{"__proto__":{"polluted":true},');
    if (form === 'json-cut') return json.slice(0, Math.max(1, json.length - 3));
    return json;
  });
}

/** What a hostile guest sends next. */
export const message = fc.oneof(
  { weight: 10, arbitrary: encoded(request) },
  { weight: 2, arbitrary: encoded(hello) },
  { weight: 2, arbitrary: encoded(cancel) },
  { weight: 2, arbitrary: encoded(event) },
  { weight: 1, arbitrary: encoded(bye) },
  { weight: 1, arbitrary: encoded(forged) },
  { weight: 4, arbitrary: encoded(mangled) },
  { weight: 2, arbitrary: foreign },
);
