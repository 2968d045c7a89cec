/**
 * Reading a `wx` call's options object: the callbacks (kept on the guest),
 * the parameters (sent to the host, JSON data only), and whether the call is
 * callback style (a callback function was passed) or Promise style.
 */
import { typeWord, type WxResult } from '@wxbridge/protocol';
import type { GuestApi } from './apis';
import type { CallbackSet } from './callbacks';

export interface Call extends CallbackSet {
  id: number;
  api: string;
  entry: GuestApi;
  params: Record<string, unknown>;
  tap: boolean;
  resolve?: (result: WxResult) => void;
  reject?: (result: WxResult) => void;
  /** When the call times out (the runtime's clock), once sent. */
  deadline?: number;
  /** The request has left (send() returned): results may be delivered synchronously. */
  sent?: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;

export interface ReadOptions {
  call: Call;
  /** A callback function was passed: results go to callbacks, the call returns undefined. */
  callbackStyle: boolean;
  /** Parameter problems found on the guest (`parameter.x should be …;`), or ''. */
  problem: string;
}

export function readOptions(api: string, entry: GuestApi, options: unknown): ReadOptions {
  const isObject = typeof options === 'object' && options !== null && !Array.isArray(options);
  const opts = (isObject ? options : {}) as Record<string, unknown>;
  // Callback style when a callback function is passed; otherwise a Promise, so no result (not even
  // a parameter error about a callback that is not a function) is ever lost.
  const callbackStyle =
    typeof opts.success === 'function' || typeof opts.fail === 'function' || typeof opts.complete === 'function';
  const call: Call = { id: 0, api, entry, params: {}, tap: false };
  let problem =
    options === undefined || options === null || isObject
      ? ''
      : `parameter should be Object instead of ${typeWord(options)};`;
  for (const key in opts) {
    if (!hasOwn.call(opts, key)) continue;
    const value = opts[key];
    if (key === 'success' || key === 'fail' || key === 'complete') {
      if (typeof value === 'function') call[key] = value;
      else if (value !== undefined) problem += `parameter.${key} should be Function instead of ${typeWord(value)};`;
    } else if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      problem += `parameter.${key} should be JSON data instead of ${typeWord(value)};`;
    } else if (value !== undefined) {
      call.params[key] = value;
    }
  }
  return { call, callbackStyle, problem };
}
