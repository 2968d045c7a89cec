/**
 * Notices a guest that sends faster than the host can answer.
 *
 * A guest that follows the protocol waits for answers: it keeps at most
 * `maxInFlight` requests open and repeats its hello with a growing delay, so
 * only so many of its messages can arrive before the host's event loop gets
 * a turn. A guest that posts without waiting (a flood) piles messages up in
 * the channel faster than they are handled, and the runtime then delivers
 * them in ever longer runs (Node hands over a port's whole backlog at once),
 * during which no other mini program is served. This guard counts the
 * messages that arrive without the event loop turning in between; past the
 * limit the connection is cut off.
 *
 * Cheap by design: a zero-delay timer marks the turns, and it is armed only
 * every `CHECK_EVERY` messages, never per message.
 */

/** How often (in messages) the guard looks at the clock of turns. */
const CHECK_EVERY = 256;

export class BurstGuard {
  private readonly checkEvery: number;
  /** Messages since the last checkpoint. */
  private sinceCheck = 0;
  /** Messages counted since the event loop last turned (to within one checkpoint). */
  private run = 0;
  /** Whether the timer armed at the last checkpoint has fired: the event loop turned since. */
  private turned = true;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly limit: number) {
    this.checkEvery = Math.min(CHECK_EVERY, limit);
  }

  /** Counts one message; `false` once more than `limit` arrived without a turn of the event loop. */
  admit(): boolean {
    if (++this.sinceCheck < this.checkEvery) return true;
    if (this.turned) this.run = 0;
    this.run += this.sinceCheck;
    this.sinceCheck = 0;
    if (this.timer === undefined) {
      this.turned = false;
      this.timer = setTimeout(this.onTurn, 0);
      (this.timer as { unref?: () => void }).unref?.();
    }
    return this.run <= this.limit;
  }

  /** Stops the timer (the connection is closing). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly onTurn = (): void => {
    this.timer = undefined;
    this.turned = true;
  };
}
