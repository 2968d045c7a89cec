/**
 * Call deadlines: each call's timeout, by its class, and the one timer behind them all, due at the
 * earliest deadline. A timer per call (set, then cleared when the answer comes) costs more than the
 * rest of the guest's work for a call. Answered calls leave it be: when it fires it expires what is
 * due and waits for the next deadline, or stops. So it may keep a Node process up until that
 * deadline; `disarm` clears it.
 */
import type { WelcomeEnvelope } from '@wxbridge/protocol';
import type { Call } from './call-options';

/**
 * Milliseconds on a monotonic clock where there is one. A mini program's logic layer may run on a
 * bare engine (a JavaScriptCore context) with no `performance`: `Date` then (not monotonic, but there).
 */
const clock = globalThis.performance ?? Date;
const now = (): number => clock.now();

export type Deadlines = [
  /** Gives a call being sent its deadline, if its class has a timeout, and makes the timer due by it. */
  schedule: (call: Call) => void,
  /** Stops the timer (nothing is pending). */
  disarm: () => void,
];

/**
 * @param pending the calls sent and not answered yet
 * @param expire fails a call whose deadline has passed
 * @param live the welcome while connected: its `interactive` list
 * @param options `timeout` for non-interactive calls (default 10 000 ms), `interactiveTimeout` for
 *   interactive ones (default none); 0 is none
 */
export function createDeadlines(
  pending: Map<number, Call>,
  expire: (call: Call) => void,
  live: () => WelcomeEnvelope | undefined,
  options: { timeout?: number; interactiveTimeout?: number },
): Deadlines {
  const timeout = options.timeout ?? 10_000;
  const interactiveTimeout = options.interactiveTimeout ?? 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Infinity;

  /**
   * The call's own `timeout` parameter where the API has one, else its class's default. One of the
   * integrator's APIs (`<api>.<name>` by the API's namespace parameter) is interactive when the
   * welcome lists it so.
   */
  function timeoutOf({ api, entry, params }: Call): number {
    const requested = params.timeout;
    if (entry.timeout && typeof requested === 'number' && requested > 0) return requested;
    // A symbol never gets here: the options are refused before (call-options.ts).
    const name = entry.namespace && api + '.' + (params[entry.namespace] as string);
    return entry.interactive || (name && live()?.interactive?.includes(name)) ? interactiveTimeout : timeout;
  }

  /** Makes the timer due at `deadline` unless it is due sooner already. */
  function arm(deadline: number): void {
    if (deadline >= dueAt) return;
    clearTimeout(timer);
    dueAt = deadline;
    timer = setTimeout(sweep, deadline - now()); // a past deadline: setTimeout takes a negative delay as 0
  }

  function disarm(): void {
    clearTimeout(timer);
    dueAt = Infinity;
  }

  /** The timer fired: expire what is due, then wait for the next deadline. */
  function sweep(): void {
    disarm();
    const time = now();
    let next = Infinity;
    for (const call of pending.values()) {
      // A call without a deadline compares false both ways.
      const deadline = call.deadline!;
      if (deadline <= time) expire(call);
      else if (deadline < next) next = deadline;
    }
    arm(next);
  }

  return [
    (call) => {
      const ms = timeoutOf(call);
      if (ms > 0) arm((call.deadline = now() + ms));
    },
    disarm,
  ];
}
