/**
 * A `wx` call: reading its options object (the callbacks, kept on the guest; the parameters, sent
 * to the host, JSON data only; whether it is callback style, a callback function was passed, or
 * Promise style), and settling it the same way.
 */
import { typeWord, type WxResult } from '@wxbridge/protocol';
import type { GuestApi } from './apis';
import { CALLBACK_KEYS, runCallbacks, type CallbackSet, type ErrorSink } from './callbacks';

export interface Call extends CallbackSet {
  id: number;
  api: string;
  entry: GuestApi;
  params: Record<string, unknown>;
  /** Made inside a user tap. */
  tap?: boolean;
  resolve?: (result: WxResult) => void;
  reject?: (result: WxResult) => void;
  /** When the call times out (the runtime's clock), once sent. */
  deadline?: number;
  /** The request has left (send() returned): results may be delivered synchronously. */
  sent?: boolean;
}


/**
 * The call an options object describes, the parameter problems found on the guest
 * (`parameter.x should be …;`, or ''), and its Promise when it is Promise style. The callbacks are
 * read as properties (inherited ones included, as the platform does); the parameters are the own
 * enumerable ones.
 */
export function readOptions(api: string, entry: GuestApi, options: unknown): [Call, string, Promise<WxResult> | undefined] {
  const isObject = typeof options === 'object' && options !== null && !Array.isArray(options);
  const opts = (isObject ? options : {}) as Record<string, unknown>;
  const call: Call = { id: 0, api, entry, params: {} };
  let problem =
    options === undefined || options === null || isObject
      ? ''
      : `parameter should be Object instead of ${typeWord(options)};`;
  for (const key of CALLBACK_KEYS) {
    const value = opts[key];
    if (typeof value === 'function') call[key] = value;
    else if (value !== undefined) problem += `parameter.${key} should be Function instead of ${typeWord(value)};`;
  }
  for (const key of Object.keys(opts)) {
    if ((CALLBACK_KEYS as readonly string[]).includes(key)) continue;
    const value = opts[key];
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      problem += `parameter.${key} should be JSON data instead of ${typeWord(value)};`;
    } else if (value !== undefined) call.params[key] = value;
  }
  // Callback style when a callback function is passed; otherwise a Promise, so no result (not
  // even a parameter error about a callback that is not a function) is ever lost.
  const promise =
    call.success || call.fail || call.complete
      ? undefined
      : new Promise<WxResult>((resolve, reject) => {
        call.resolve = resolve;
        call.reject = reject;
      });
  return [call, problem, promise];
}

/** Settles a call the way it was made: its Promise, or its callbacks (exceptions go to `onError`). */
export function settle(call: Call, ok: boolean, result: WxResult, onError: ErrorSink): void {
  if (call.resolve) (ok ? call.resolve : call.reject!)(result);
  else runCallbacks(onError, call.api, call, ok, result);
}
