/**
 * The one consent path. Every sheet the host shows (a scope prompt, the profile consent, the
 * settings page, the privacy guideline, the subscription panel, the biometric prompt, and the
 * integrator's own sheets: payment, the open-type sheets, interactive custom APIs) goes through
 * `Consent.ask`, so every sheet obeys the same rules:
 *
 * 1. Concurrent questions with the same `share` key (one scope, the privacy guideline) share one
 *    sheet; a caller that gives up stops waiting without closing it for the others.
 * 2. The sheet waits its turn in the queue of its mini program and user: one sheet on screen at
 *    a time, at most `promptsPerMinute` a minute, at most `maxQueuedPrompts` waiting per connection
 *    (refusals: errno 1003).
 * 3. After waiting, `decided` is read again: a decision made meanwhile (by another connection of
 *    the same app and user) is the answer, and no sheet is shown.
 * 4. `show` is the integrator's hook (or the mini program's own prompt).
 * 5. If the call was abandoned while the sheet was up (the mini program left, gave up, reloaded),
 *    the answer is no decision of the user's: the call fails with `cancel` and nothing is stored.
 * 6. `store` records the answer.
 */
import { untilAborted } from './abort';
import { throwCancel } from './failure';
import { PromptQueue } from './prompt-queue';
import type { CallContext } from './types';

export interface ConsentQuestion<T> {
  /** The call that needs the answer: its app, its connection, its abort signal. */
  ctx: CallContext;
  /** The signed-in user answering. */
  user: string;
  /** Questions with the same key (per app and user) share one sheet while it is pending. */
  share?: string;
  /** Read after waiting in the queue: an answer decided meanwhile, or `undefined` to ask. */
  decided?(): Promise<T | undefined> | T | undefined;
  /** Shows the sheet and resolves with the user's answer. */
  show(signal: AbortSignal): T | Promise<T>;
  /**
   * The mini program draws this question itself (its own privacy prompt): no sheet of the host's,
   * so it does not wait in the queue; every other step holds.
   */
  ownPrompt?: boolean;
  /** Keeps the answer (not called for an abandoned call). */
  store?(answer: T): Promise<unknown> | void;
}

interface SharedQuestion {
  answer: Promise<unknown>;
  /** Aborted when the last call waiting on the question gives up. */
  controller: AbortController;
  waiting: number;
}

export interface ConsentLimits {
  perMinute: number;
  maxQueued: number;
}

const keyOf = (...parts: string[]): string => JSON.stringify(parts);

export class Consent {
  /** One queue per (app, user). */
  private readonly queues = new Map<string, PromptQueue>();
  /** Shared questions pending, per (app, user, share key). */
  private readonly pending = new Map<string, SharedQuestion>();

  constructor(private readonly limits: ConsentLimits) {}

  /** Asks the user, through the rules above; resolves with the answer or fails (cancel, errno 1003). */
  ask<T>(question: ConsentQuestion<T>): Promise<T> {
    const { ctx, user, share } = question;
    if (share === undefined) return this.queued(question, ctx.signal);
    const key = keyOf(ctx.app.appId, user, share);
    let shared = this.pending.get(key);
    if (!shared) {
      // The sheet closes only when every call waiting on it has given up.
      const controller = new AbortController();
      const answer = this.queued(question, controller.signal).finally(() => this.pending.delete(key));
      this.pending.set(key, (shared = { answer, controller, waiting: 0 }));
    }
    const joined = shared;
    joined.waiting++;
    const leave = () => {
      if (--joined.waiting === 0) joined.controller.abort();
    };
    ctx.signal.addEventListener('abort', leave, { once: true });
    return untilAborted(joined.answer as Promise<T>, ctx.signal, throwCancel).finally(() => {
      if (!ctx.signal.aborted) {
        joined.waiting--;
        ctx.signal.removeEventListener('abort', leave);
      }
    });
  }

  /** Waits its turn in the (app, user) queue; `signal` is the call's, or a shared question's. */
  private queued<T>(question: ConsentQuestion<T>, signal: AbortSignal): Promise<T> {
    const { ctx, user } = question;
    if (question.ownPrompt) return untilAborted(this.turn(question, signal), signal, throwCancel);
    const key = keyOf(ctx.app.appId, user);
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = new PromptQueue(this.limits.perMinute, this.limits.maxQueued)));
    return queue.run(signal, () => this.turn(question, signal), ctx.connection);
  }

  private async turn<T>(question: ConsentQuestion<T>, signal: AbortSignal): Promise<T> {
    const already = await question.decided?.();
    if (already !== undefined) return already;
    const answer = await question.show(signal);
    if (signal.aborted) throwCancel();
    await question.store?.(answer);
    return answer;
  }
}
