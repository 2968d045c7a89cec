/**
 * One prompt on screen per mini program at a time; the others wait in
 * order. Because a mini program can lie about taps, the number of prompts it
 * may raise is also bounded: at most `perMinute` in any sliding minute; past
 * that, prompts fail at once with `too many prompts` (errno 1003) and nothing
 * is shown. And one connection may have at most `maxQueued` prompts waiting
 * or shown at once (`too many prompts waiting`, errno 1003): a prompt that
 * stays on screen for minutes must not let the queue behind it grow without end.
 */
import { ERRNO } from '@wxbridge/protocol';
import { untilAborted } from './abort';
import { WxError, throwCancel } from './failure';

const MINUTE = 60_000;

/** The reasons a prompt is refused without being shown (after `<api>:fail `). */
export const PROMPT_REFUSED = {
  rate: 'too many prompts, try again later',
  queued: 'too many prompts waiting',
} as const;

export class PromptQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly shown: number[] = [];
  /** Prompts waiting or shown, per owner (a connection). */
  private readonly queued = new Map<object, number>();

  constructor(
    private readonly perMinute: number,
    private readonly maxQueued: number = Infinity,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Shows the prompt when its turn comes. A prompt whose signal fired while waiting is never shown;
   * one whose signal fires while it is shown ends its turn at once (failing with `cancel`), so a
   * hook that never settles cannot block the prompts behind it.
   */
  run<T>(signal: AbortSignal, show: () => T | Promise<T>, owner: object = this): Promise<T> {
    const waiting = this.queued.get(owner) ?? 0;
    if (waiting >= this.maxQueued) {
      return Promise.reject(new WxError(PROMPT_REFUSED.queued, { errno: ERRNO.frequencyLimit }));
    }
    const now = this.clock();
    while (this.shown.length && this.shown[0]! <= now - MINUTE) this.shown.shift();
    if (this.shown.length >= this.perMinute) {
      return Promise.reject(new WxError(PROMPT_REFUSED.rate, { errno: ERRNO.frequencyLimit }));
    }
    this.shown.push(now);
    this.queued.set(owner, waiting + 1);
    // A prompt whose call was abandoned while it waited is never shown.
    const turn = this.tail.then(() =>
      signal.aborted ? throwCancel() : untilAborted(new Promise<T>((resolve) => resolve(show())), signal, throwCancel),
    );
    this.tail = turn.catch(() => {});
    void turn
      .finally(() => {
        const left = this.queued.get(owner)! - 1;
        if (left > 0) this.queued.set(owner, left);
        else this.queued.delete(owner);
      })
      .catch(() => {});
    return turn;
  }

  /** Prompts waiting or shown for `owner` (for leak checks). */
  waiting(owner: object): number {
    return this.queued.get(owner) ?? 0;
  }
}
