/**
 * The call table: calls waiting for the handshake or for room under the host's `maxInFlight`, and
 * calls sent and not answered yet, by request id. Every call settles exactly once: by the host's
 * response, its timeout, a host goodbye or `dispose()`, never before the call has returned;
 * responses with ids the guest is not waiting for are ignored.
 */
import { WIRE_MARKER, type Envelope, type RequestEnvelope, type ResponseEnvelope, type WelcomeEnvelope, type WxResult } from '@wxbridge/protocol';
import { settle, type Call } from './call-options';
import type { ErrorSink } from './callbacks';
import { createDeadlines } from './deadlines';
import { DISCONNECTED, ERRNO_INVALID_PARAMETER, ERRNO_TIMEOUT, TIMED_OUT, failure } from './failures';

export type CallTable = [
  /** Sends a call now if the handshake is done and there is room, else queues it. */
  send: (call: Call) => void,
  /** Fails a call with `<api>:fail <reason>` on a later microtask (it never left, or its answer will not come). */
  fail: (call: Call, reason: string, errno?: number) => void,
  /** The host's response to a request. */
  answer: (response: ResponseEnvelope) => void,
  /** Sends queued calls while there is room. */
  flush: () => void,
  /** Fails every call sent (and, with `queued`, every call queued) with `reason`. */
  failAll: (reason: string, queued: boolean) => void,
  /** Calls waiting for an answer or for the handshake. */
  count: () => number,
  /**
   * An envelope that could not be sent (now, or when its batch went out), with what the transport
   * threw: a request's call fails, unless it was settled since (the bridge disposed). Without a
   * call (a hello, a cancel…), nothing. A batch fails after its calls were dispatched: what waits
   * for room under `maxInFlight` is sent then (a request that fails at once is still in `flush`'s
   * loop, which goes on by itself).
   */
  unsent: (error: unknown, call?: Call) => void,
];

/**
 * @param live the welcome while the guest is connected (none before the handshake, after a goodbye
 *   or once disposed): its `limits` and `interactive` list
 * @param runTap runs a function inside a user tap
 * @param options the runtime's: its timeouts (see deadlines.ts)
 */
export function createCallTable(
  post: (envelope: Envelope, call?: Call) => void,
  live: () => WelcomeEnvelope | undefined,
  runTap: <T>(fn: () => T) => T,
  onError: ErrorSink,
  options: { timeout?: number; interactiveTimeout?: number },
): CallTable {
  const queue: Call[] = [];
  const pending = new Map<number, Call>();
  const [schedule, disarm] = createDeadlines(pending, expire, live, options);
  let nextId = 1;

  function dispatch(call: Call): void {
    call.id = nextId++;
    pending.set(call.id, call);
    schedule(call);
    // `tap` is true or undefined, which is absent on the wire (JSON drops it; the host reads it as absent).
    post({ wxbridge: WIRE_MARKER, kind: 'request', id: call.id, api: call.api, params: call.params, tap: call.tap }, call);
    call.sent = true;
  }

  function unsent(error: unknown, call?: Call): void {
    if (!pending.delete(call?.id!)) return;
    if (call!.sent) flush();
    if ((error as { name?: string }).name !== 'DataCloneError' && !(error instanceof TypeError)) fail(call!, DISCONNECTED);
    else fail(call!, 'parameter error: parameters must be JSON data;', ERRNO_INVALID_PARAMETER);
  }

  /** Fails a pending call whose deadline has passed (the timer's sweep finds it in `pending`). */
  function expire(call: Call): void {
    post({ wxbridge: WIRE_MARKER, kind: 'cancel', id: call.id });
    finish(call, false, failure(call.api, TIMED_OUT, ERRNO_TIMEOUT));
  }

  function finish(call: Call, ok: boolean, result: WxResult): void {
    pending.delete(call.id);
    // A transport that answers inside send() must not run callbacks before the call has returned.
    deliver(call, ok, result, !call.sent);
    flush();
  }

  /** Settles `call`, now or on a later microtask; a payment's callbacks (and its Promise's continuations) count as a tap. */
  function deliver(call: Call, ok: boolean, result: WxResult, later?: boolean): void {
    if (later) void Promise.resolve().then(() => deliver(call, ok, result));
    else if (call.entry.grantsTap) runTap(() => settle(call, ok, result, onError));
    else settle(call, ok, result, onError);
  }

  function fail(call: Call, reason: string, errno?: number): void {
    deliver(call, false, failure(call.api, reason, errno), true);
  }

  /** Whether a call can be sent now: the handshake is done and there is room under `maxInFlight`. */
  function room(): boolean {
    return pending.size < (live()?.limits.maxInFlight ?? 0);
  }

  function flush(): void {
    while (queue.length && room()) dispatch(queue.shift()!);
  }

  return [
    (call) => (room() ? dispatch(call) : queue.push(call)),
    fail,
    (response) => {
      const call = pending.get(response.id);
      if (call) finish(call, response.ok, response.result);
    },
    flush,
    (reason, queued) => {
      const calls = [...pending.values(), ...(queued ? queue.splice(0) : [])];
      pending.clear();
      disarm();
      for (const call of calls) fail(call, reason);
    },
    () => pending.size + queue.length,
    unsent,
  ];
}
