/**
 * Delivering a result to the mini program: `success` or `fail`, then
 * `complete` with the same object, each isolated so that an exception in one
 * is reported (`thirdScriptError … at api <name> <kind> callback function`)
 * and never skips the next or breaks the bridge.
 */
import type { WxResult } from '@wxbridge/protocol';

export type ErrorSink = (error: Error) => void;

export interface CallbackSet {
  success?: unknown;
  fail?: unknown;
  complete?: unknown;
}

export const CALLBACK_KEYS = ['success', 'fail', 'complete'] as const;

export function defaultErrorSink(error: Error): void {
  // eslint-disable-next-line no-console
  console.error(error);
}

/**
 * Reports an exception thrown by mini program code that the bridge called: `label` is the API
 * and, for a call's callbacks, which one (`login success`); the error keeps the thrown one's stack.
 */
export function reportScriptError(onError: ErrorSink, label: string, thrown: unknown): void {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const error = new Error(`thirdScriptError\n${message};at api ${label} callback function`, { cause: thrown });
  if (thrown instanceof Error && thrown.stack) error.stack = `${error.message}\n${thrown.stack}`;
  try {
    onError(error);
  } catch {
    // An error sink that throws must not break delivery either.
  }
}

function run(onError: ErrorSink, api: string, kind: keyof CallbackSet, callbacks: CallbackSet, result: WxResult): void {
  const callback = callbacks[kind];
  if (typeof callback !== 'function') return;
  try {
    callback(result);
  } catch (thrown) {
    reportScriptError(onError, api + ' ' + kind, thrown);
  }
}

/** Runs `success` or `fail`, then `complete`. */
export function runCallbacks(
  onError: ErrorSink,
  api: string,
  callbacks: CallbackSet,
  ok: boolean,
  result: WxResult,
): void {
  run(onError, api, ok ? 'success' : 'fail', callbacks, result);
  run(onError, api, 'complete', callbacks, result);
}
