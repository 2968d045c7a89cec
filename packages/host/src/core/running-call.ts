/** A call the host is running, and how it is aborted. */

/** A call the host is running; settles once. */
export interface RunningCall {
  id: number;
  api: string;
  settled: boolean;
  controller?: AbortController;
}

/**
 * Marks a call settled and fires its signal. The controller is made here if the handler has not
 * read `ctx.signal` yet, so a handler that reads it later still sees the abort.
 */
export function abort(call: RunningCall, reason: string): void {
  call.settled = true;
  call.controller ??= new AbortController();
  if (!call.controller.signal.aborted) call.controller.abort(reason);
}
