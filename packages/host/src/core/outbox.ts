/**
 * What a connection sends to its guest: every envelope with the session key of the guest's hello
 * (`docs/protocol.md`, section 6), through the protocol's sender, which batches what one task sends
 * once the welcome has accepted the hello's offer (section 17): at most `HOST_BATCH` envelopes,
 * and an envelope estimated at `ALONE_FROM` or more alone, so a batch stays within what a guest reads.
 */
import {
  ALONE_FROM,
  HOST_BATCH,
  WIRE_MARKER,
  createSender,
  jsonSize,
  type Envelope,
  type EventEnvelope,
  type SendFailed,
  type Sender,
  type Transport,
  type WxResult,
} from '@wxbridge/protocol';
import type { RunningCall } from './running-call';

export class Outbox {
  /** The key of the hello that started the session, when it had one. */
  key: string | undefined;
  /** The most envelopes one batch to the guest may hold: its hello's offer once accepted (at most `HOST_BATCH`), else 0. */
  private most = 0;
  private readonly sender: Sender<RunningCall>;

  /**
   * @param maxDepth the host's: what is sent is JSON data nested no deeper
   * @param unsent told when a response could not be sent (its result is not JSON data, or the
   *   transport threw, now or when its batch went out), with its call
   */
  constructor(
    transport: Transport,
    private readonly maxDepth: number,
    private readonly unsent: SendFailed<RunningCall>,
  ) {
    this.sender = createSender(transport, () => this.most, unsent);
  }

  /**
   * Sends now or with this task's batch. `envelope` is the caller's own, made to be sent: the key is
   * set on it (a spread copy measured ~2 µs, a tenth of a round trip). `size`: the estimated size
   * (`jsonSize`), when known; from `ALONE_FROM` on it goes alone.
   */
  post(envelope: Exclude<Envelope, { kind: 'batch' }>, call?: RunningCall, size = 0): void {
    if (this.key !== undefined) envelope.key = this.key;
    this.sender[0](envelope, call, size >= ALONE_FROM);
  }

  /** Sends a call's response; its result must be JSON data (a class instance such as an Error would carry its stack). */
  respond(call: RunningCall, ok: boolean, result: WxResult): void {
    const size = jsonSize(result, this.maxDepth);
    if (typeof size === 'string') this.unsent(new TypeError(`the ${call.api} result is not JSON data: ${size}`), call);
    else this.post({ wxbridge: WIRE_MARKER, kind: 'response', id: call.id, ok, result }, call, size);
  }

  /** Sends an event; one whose data is not JSON data goes alone, as the transport takes it. */
  event(envelope: EventEnvelope): void {
    // Without batching every envelope goes alone: no walk of the data to size it.
    if (this.most < 2) return this.post(envelope);
    const size = jsonSize(envelope.data, this.maxDepth);
    this.post(envelope, undefined, typeof size === 'number' ? size : ALONE_FROM);
  }

  /** The welcome accepted the hello's offer of `batch` envelopes (0: none): clamped once here, not per envelope sent. */
  accept(batch: number): void {
    this.most = Math.min(batch, HOST_BATCH);
  }

  /** Sends what waits, now (before a goodbye closes the channel). */
  flush(): void {
    this.sender[1]();
  }

  /** The session ended: nothing more is keyed or batched until the next hello. */
  reset(): void {
    this.key = undefined;
    this.most = 0;
  }
}
