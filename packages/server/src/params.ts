/**
 * A route's parameters, from the query string (GET, and `access_token` everywhere) or the JSON body
 * (POST), with WeChat's numbers: a missing one answers the route's code for it (41002 appid missing,
 * 41008 code missing…), or else 40097 in a query string and 47001 in a body; a mistyped one (a
 * number for a string, a parameter given twice) 40097 / 47001, the hint naming it and what was expected.
 */
import { ApiError, failure, type ErrorName, type WxFailure } from './answers';

/** Longer strings are refused: no parameter of these APIs comes near. */
export const MAX_PARAMETER_LENGTH = 4096;

export interface Params {
  /** Where the parameters came from, as hints name it. */
  readonly where: 'query string' | 'JSON body';
  /** The error for a mistyped parameter here. */
  readonly mistyped: ErrorName;
  /** The raw value: `undefined` when absent; in a query string, an array when given more than once. */
  value(name: string): unknown;
}

export function queryParams(query: URLSearchParams): Params {
  return {
    where: 'query string',
    mistyped: 'invalidArgs',
    value(name) {
      const all = query.getAll(name);
      return all.length === 0 ? undefined : all.length === 1 ? all[0] : all;
    },
  };
}

export function bodyParams(body: Record<string, unknown>): Params {
  return {
    where: 'JSON body',
    mistyped: 'dataFormat',
    value: (name) => (Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined),
  };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A string parameter that may be left out (absent, null or empty: `undefined`). */
export function optionalString(params: Params, name: string): string | undefined {
  const value = params.value(name);
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value) && params.where === 'query string') {
    throw new ApiError(params.mistyped, `${name} is given ${value.length} times in the ${params.where}; give it once`);
  }
  if (typeof value !== 'string') throw new ApiError(params.mistyped, `${name} in the ${params.where} must be a string, not ${describe(value)}`);
  if (value.length > MAX_PARAMETER_LENGTH) {
    throw new ApiError(params.mistyped, `${name} in the ${params.where} must be at most ${MAX_PARAMETER_LENGTH} characters`);
  }
  return value;
}

/** A string parameter that must be there: `missing` names WeChat's code for its absence. */
export function requiredString(params: Params, name: string, missing: ErrorName = params.mistyped): string {
  const value = optionalString(params, name);
  if (value === undefined) throw new ApiError(missing, `${name} is required in the ${params.where}`);
  return value;
}

/** A boolean parameter that may be left out (`undefined`). */
export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = params.value(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ApiError(params.mistyped, `${name} in the ${params.where} must be true or false, not ${describe(value)}`);
  return value;
}

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * For the routes that answer rather than throw: the first of `names` that is not a non-empty
 * string in `body` (47001 naming it), or undefined when all are. `body` itself must be a JSON object.
 */
export function missingString(body: unknown, names: readonly string[]): WxFailure | undefined {
  if (!isObject(body)) return failure('dataFormat', 'the body must be a JSON object');
  for (const name of names) {
    const value = body[name];
    if (value === undefined) return failure('dataFormat', `${name} is missing`);
    if (typeof value !== 'string' || value.length === 0) return failure('dataFormat', `${name} must be a non-empty string`);
  }
  return undefined;
}
