/**
 * One prompt on screen per mini program at a time; the others wait in
 * order. Because a mini program can lie about taps, the number of prompts it
 * may raise is also bounded: at most `perMinute` in any sliding minute; past
 * that, prompts fail at once with `too many prompts` (errno 1003) and nothing
 * is shown.
 */
import { ERRNO } from '@wxbridge/protocol';
import { WxError } from './failure';

const MINUTE = 60_000;

function cancelled(): WxError {
  return new WxError('cancel', { errno: ERRNO.cancel });
}

/** Runs `show`, but settles with a cancel as soon as `signal` fires. */
function untilAborted<T>(signal: AbortSignal, show: () => T | Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(show)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class PromptQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly shown: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Shows the prompt when its turn comes. A prompt whose signal fired while waiting is never shown;
   * one whose signal fires while it is shown ends its turn at once (failing with `cancel`), so a
   * hook that never settles cannot block the prompts behind it.
   */
  run<T>(signal: AbortSignal, show: () => T | Promise<T>): Promise<T> {
    const now = this.clock();
    while (this.shown.length && this.shown[0]! <= now - MINUTE) this.shown.shift();
    if (this.shown.length >= this.perMinute) {
      return Promise.reject(new WxError('too many prompts, try again later', { errno: ERRNO.frequencyLimit }));
    }
    this.shown.push(now);
    const turn = this.tail.then(() => untilAborted(signal, show));
    this.tail = turn.catch(() => {});
    return turn;
  }
}
