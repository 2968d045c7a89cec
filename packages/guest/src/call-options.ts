/**
 * Reading a `wx` call's options object: the callbacks (kept on the guest),
 * the parameters (sent to the host, JSON data only), and whether the call is
 * callback style (a callback function was passed) or Promise style.
 */
import { hasOwn, typeWord, type WxResult } from '@wxbridge/protocol';
import type { GuestApi } from './apis';
import { CALLBACK_KEYS, type CallbackSet } from './callbacks';

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


/**
 * The call an options object describes, and the parameter problems found on the guest
 * (`parameter.x should be …;`, or ''). The callbacks are read as properties (inherited ones
 * included, as the platform does); the parameters are the own enumerable ones.
 */
export function readOptions(api: string, entry: GuestApi, options: unknown): [Call, string] {
  const isObject = typeof options === 'object' && options !== null && !Array.isArray(options);
  const opts = (isObject ? options : {}) as Record<string, unknown>;
  const call: Call = { id: 0, api, entry, params: {}, tap: false };
  let problem =
    options === undefined || options === null || isObject
      ? ''
      : `parameter should be Object instead of ${typeWord(options)};`;
  for (const key of CALLBACK_KEYS) {
    const value = opts[key];
    if (typeof value === 'function') call[key] = value;
    else if (value !== undefined) problem += `parameter.${key} should be Function instead of ${typeWord(value)};`;
  }
  for (const key in opts) {
    if (!hasOwn.call(opts, key) || (CALLBACK_KEYS as readonly string[]).includes(key)) continue;
    const value = opts[key];
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      problem += `parameter.${key} should be JSON data instead of ${typeWord(value)};`;
    } else if (value !== undefined) call.params[key] = value;
  }
  return [call, problem];
}
