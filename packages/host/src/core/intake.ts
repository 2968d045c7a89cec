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
 * byte budget their cost. Each check answers the reason to cut the connection off, if any.
 */
export class Intake {
  private readonly burst: BurstGuard;
  private readonly bytes: ByteBudget;

  constructor(maxMessagesPerTurn: number, maxBytesPerSecond: number) {
    this.burst = new BurstGuard(maxMessagesPerTurn);
    this.bytes = new ByteBudget(maxBytesPerSecond);
  }

  /** Before decoding: one more message; a text is charged before it is parsed. */
  arrive(data: unknown): string | undefined {
    if (!this.burst.admit()) return FLOOD_REASON;
    if (typeof data === 'string' && !this.bytes.admit(data.length)) return BYTES_REASON;
    return undefined;
  }

  /** Filled in by the codec (`DecodeOptions.measured`): what the last message cost to read. */
  readonly measured = { size: 0 };

  /** After decoding: an object is charged what the codec's walk counted (a text was already). */
  decoded(data: unknown): string | undefined {
    return typeof data !== 'string' && !this.bytes.admit(this.measured.size) ? BYTES_REASON : undefined;
  }

  stop(): void {
    this.burst.stop();
  }
}
