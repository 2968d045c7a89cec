import { decodeMessage, type DecodeOptions, type DecodeResult, type Limits } from '@wxbridge/protocol';
import { BurstGuard } from './burst-guard';

/**
 * Bounds what a guest's large messages cost the host to read: at most `perSecond` bytes (texts by
 * their length, objects by what the codec's walk counted) in any second, counting messages of
 * `LARGE_MESSAGE` bytes or more. A large message holds the event loop for its whole parse, while
 * other apps wait; small ones interleave with theirs (and their rate is the burst guard's). A guest that sends more is not using the bridge but loading the host: its
 * connection is cut off. Counting messages alone (the burst guard) misses a few huge ones: one
 * 1 MB message costs the host as much as thousands of calls.
 */
/** Messages from this size on count against the byte budget. */
export const LARGE_MESSAGE = 16 * 1024;

export class ByteBudget {
  private available: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.available = perSecond;
    this.last = clock();
  }

  /** Spends `bytes`; `false` once more than the budget was spent. */
  admit(bytes: number): boolean {
    if (bytes < LARGE_MESSAGE) return true;
    const now = this.clock();
    this.available = Math.min(this.perSecond, this.available + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    this.available -= bytes;
    return this.available >= 0;
  }
}

/** Why a connection is cut off when its guest sends faster than the host can answer. */
export const FLOOD_REASON = 'too many messages';
/** Why a connection is cut off when its guest's messages cost more to read than its byte budget. */
export const BYTES_REASON = 'too much data';

/**
 * What a connection lets in: the burst guard counts messages per turn of the event loop, the
 * byte budget their cost, and the codec reads them, with the deep checks, against the host's limits.
 *
 * Both count messages of the channel, not envelopes: a batch (docs/protocol.md, section 17) is
 * one message, charged once, by its whole text or by what the codec's walks of its envelopes
 * counted. What one message may hold is bounded by the codec instead (`maxBatch` envelopes, each
 * held to the limits of one), so a flood of batches is still cut off after `maxMessagesPerTurn`.
 */
export class Intake {
  private readonly burst: BurstGuard;
  private readonly bytes: ByteBudget;
  /** Filled in by the codec: what the last message cost to read. */
  private readonly measured = { size: 0 };
  private readonly options: DecodeOptions;

  constructor(limits: Limits, maxBatch: number, maxMessagesPerTurn: number, maxBytesPerSecond: number) {
    this.burst = new BurstGuard(maxMessagesPerTurn);
    this.bytes = new ByteBudget(maxBytesPerSecond);
    this.options = { limits, deep: true, measured: this.measured, maxBatch };
  }

  /**
   * One message of the channel: the reason to cut the connection off, or what the codec made of
   * it: one result, or a batch's, one per envelope (each as if it had come alone). A text is charged
   * before it is parsed, an object what the codec's walk counted.
   */
  read(data: unknown): string | DecodeResult | DecodeResult[] {
    if (!this.burst.admit()) return FLOOD_REASON;
    if (typeof data === 'string' && !this.bytes.admit(data.length)) return BYTES_REASON;
    const decoded = decodeMessage(data, this.options);
    if (typeof data !== 'string' && !this.bytes.admit(this.measured.size)) return BYTES_REASON;
    return decoded;
  }

  stop(): void {
    this.burst.stop();
  }
}
