/**
 * The one helper for "stop waiting when the call is abandoned": the prompt queue and the consent
 * path wait through it.
 */

/**
 * Settles like `work`, or, once `signal` fires, with what `onAbort` returns (or rejects with what
 * it throws). `work`'s own failure is always handled, even after the abort: it may be a question
 * other callers share, and an unhandled rejection would end a Node process.
 */
export function untilAborted<T>(work: PromiseLike<T>, signal: AbortSignal, onAbort: () => T): Promise<T> {
  const settled = Promise.resolve(work);
  if (signal.aborted) {
    settled.catch(() => {});
    return new Promise<T>((resolve) => resolve(onAbort()));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      try {
        resolve(onAbort());
      } catch (error) {
        reject(error);
      }
    };
    signal.addEventListener('abort', abort, { once: true });
    settled.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
