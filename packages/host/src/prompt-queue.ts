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

export class PromptQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly shown: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Shows the prompt when its turn comes; a prompt whose signal fired while waiting is never shown. */
  run<T>(signal: AbortSignal, show: () => T | Promise<T>): Promise<T> {
    const now = this.clock();
    while (this.shown.length && this.shown[0]! <= now - MINUTE) this.shown.shift();
    if (this.shown.length >= this.perMinute) {
      return Promise.reject(new WxError('too many prompts, try again later', { errno: ERRNO.frequencyLimit }));
    }
    this.shown.push(now);
    const turn = this.tail.then(() => {
      if (signal.aborted) throw new WxError('cancel', { errno: ERRNO.cancel });
      return show();
    });
    this.tail = turn.catch(() => {});
    return turn;
  }
}
