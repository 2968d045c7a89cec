// The wire (envelopes, codec, transports), the API catalogue (entries, specs, validation, derived
// types, the schema tree), errMsg helpers, and the generic object helpers both use.
export * from './errors';
export { hasOwn, isPlainObject, jsonDataProblem } from './objects';

export * from './catalogue/spec';
export * from './catalogue/entry';
export * from './catalogue/catalogue';
export { userInfoSpec } from './catalogue/consent-apis';
export * from './catalogue/api-types';
export * from './catalogue/validate';
export * from './catalogue/schema-tree';

export * from './wire/envelope';
export * from './wire/codec';
export * from './wire/sender';
export * from './wire/transport';
export * from './wire/window-transport';
export * from './wire/string-transport';
