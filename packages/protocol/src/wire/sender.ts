/**
 * Sending with batching (`docs/protocol.md`, section 17). Once the handshake has agreed on it, the
 * envelopes one side sends in one task wait in a queue that a microtask sends as one `batch`
 * message (one envelope goes alone): one `postMessage` where there were many, which is what a
 * channel charges for under load. Until then, and for what must go alone, each envelope is sent at
 * once, as without batching. The guest and the host both send through it.
 */
import { walkJson } from '../objects';
import { WIRE_MARKER, type Envelope } from './envelope';
import type { Transport } from './transport';

/**
 * Told what the transport threw when an envelope could not be sent, alone or in its batch, with the
 * context it was sent with (the call it answers or makes, say).
 */
export type SendFailed<C> = (error: unknown, context: C | undefined) => void;

/**
 * What a host puts in one batch to a guest: at most this many envelopes, each of an estimated size
 * (`jsonSize`) below `ALONE_FROM`; a larger one goes alone. A character of JSON text costs at least
 * one in the estimate and is written in at most six (`\u00XX`), so such a batch's text stays
 * within the 1 MiB a guest reads whatever it holds: 64 × (6 × 2 KiB + an envelope's own members).
 */
export const HOST_BATCH = 64;
export const ALONE_FROM = 2048;

export type Sender<C> = [
  /**
   * Sends an envelope: at once, or with the others of this task once batching is agreed. If its
   * sending throws, now or when its batch goes out, the sender's `failed` is told, with `context`.
   * `alone`: after what waits, but never in a batch (a welcome, which may carry a port; a large
   * response).
   */
  send: (envelope: Envelope, context?: C, alone?: boolean) => void,
  /** Sends what waits now (before a goodbye closes the channel, say). */
  flush: () => void,
];

/**
 * @param most the most envelopes one batch may hold now: the peer's `batch` once agreed; below 2,
 *   every envelope goes alone, at once
 */
export function createSender<C>(transport: Transport, most: () => number, failed: SendFailed<C>): Sender<C> {
  // Two lists rather than a list of pairs: nothing is allocated per envelope but its place.
  let queue: Envelope[] = [];
  let contexts: (C | undefined)[] = [];

  function alone(envelope: Envelope, context?: C): void {
    try {
      transport.send(envelope);
    } catch (error) {
      // Something to tell from success even when what was thrown is undefined.
      failed(error ?? Error(), context);
    }
  }

  function flush(): void {
    // Nothing waits (always so without batching): no lists to make on each envelope sent alone.
    if (!queue.length) return;
    const envelopes = queue;
    const told = contexts;
    // New lists: the old one may go out in the batch, and a transport in this realm may keep it.
    // (Emptying the old ones for reuse, by setting their length, measured slower.)
    queue = [];
    contexts = [];
    if (envelopes.length > 1) {
      try {
        return transport.send({ wxbridge: WIRE_MARKER, kind: 'batch', envelopes });
      } catch {
        // Nothing of it went out: each envelope alone, so each failure is told with its context.
      }
    }
    // One envelope goes alone, as does each of a batch that could not be sent.
    envelopes.forEach((envelope, i) => alone(envelope, told[i]));
  }

  return [
    (envelope, context, single) => {
      const max = most();
      if (max < 2 || single) {
        flush(); // what waits goes first: the order of envelopes is kept
        return alone(envelope, context);
      }
      if (queue.length >= max) flush();
      if (!queue.length) void Promise.resolve().then(flush);
      queue.push(envelope);
      contexts.push(context);
    },
    flush,
  ];
}

/**
 * The estimated size of `value` as JSON data (`docs/protocol.md`, section 5: about the length of its
 * text), or why it is not JSON data (nested deeper than `maxDepth`, a class instance, a function…).
 */
export function jsonSize(value: unknown, maxDepth: number): number | string {
  const left = walkJson(value, 0, Number.MAX_SAFE_INTEGER, maxDepth, false);
  return typeof left === 'string' ? left : Number.MAX_SAFE_INTEGER - left;
}
