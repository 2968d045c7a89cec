/**
 * Composing a handler's outcome into the result the mini program receives
 * (the "v1" rule: what the handler returns goes to `success` as is, with
 * `errMsg: '<api>:ok'` added).
 */
import { ERRNO, REASON, failResult, hasOwn, isPlainObject, okMessage, type WxResult } from '@wxbridge/protocol';
import { StoreUnavailableError } from '@wxbridge/store';
import { WxError } from './failure';

export interface Outcome {
  ok: boolean;
  result: WxResult;
  /** Set when the handler misbehaved (threw something else, returned a non-object). */
  error?: unknown;
}

export function internalError(api: string, error: unknown): Outcome {
  // `throw undefined` is still a fault the integrator must hear of (the `error` event fires for a defined error).
  if (error === undefined) error = new TypeError(`the ${api} handler threw undefined`);
  return { ok: false, result: failResult(api, REASON.internalError, { errno: ERRNO.internalError }), error };
}

/**
 * The store could not be reached or did not answer in time (`StoreUnavailableError.is`): the mini
 * program is told to try again later, with the platform's errno for a failure on its side; the
 * integrator still hears of it (the `error` event), as of any other thrown error.
 */
function storeUnavailable(api: string, error: unknown): Outcome {
  return { ok: false, result: failResult(api, REASON.systemBusy, { errno: ERRNO.internalError }), error };
}

export function failed(failure: WxError, api: string): Outcome {
  const reason = typeof failure.reason === 'string' ? failure.reason : REASON.internalError;
  return { ok: false, result: failResult(api, reason, failure, failure.data) };
}


/**
 * `{ ...value, errMsg }`. Object.assign does the same copy several times faster than a spread,
 * except for an own `__proto__` key, which it would turn into a prototype: that case keeps the spread.
 */
function withErrMsg(value: Record<string, unknown>, errMsg: string): WxResult {
  if (hasOwn.call(value, '__proto__')) return { ...value, errMsg };
  const result = Object.assign({}, value) as WxResult;
  result.errMsg = errMsg;
  return result;
}

/** A value the handler returned (not threw). */
export function composeReturn(api: string, value: unknown): Outcome {
  if (WxError.is(value)) return failed(value, api);
  if (value === undefined || value === null) return { ok: true, result: { errMsg: okMessage(api) } };
  if (isPlainObject(value)) return { ok: true, result: withErrMsg(value, okMessage(api)) };
  return internalError(api, new TypeError(`the ${api} handler returned ${typeof value}; return an object or nothing`));
}

/** A value the handler threw (or rejected with). */
export function composeThrow(api: string, thrown: unknown): Outcome {
  if (WxError.is(thrown)) return failed(thrown, api);
  return StoreUnavailableError.is(thrown) ? storeUnavailable(api, thrown) : internalError(api, thrown);
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
