/**
 * Runs tasks one after another per key (and concurrently across keys): a
 * later update of a record never starts before an earlier one has finished,
 * and a failed task does not block the ones behind it.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Resolves when every task queued for `key` so far has settled. */
  idle(key: string): Promise<void> {
    return (this.tails.get(key) ?? Promise.resolve()).then(
      () => {},
      () => {},
    );
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const next = this.idle(key).then(task);
    this.tails.set(key, next);
    void next
      .finally(() => {
        if (this.tails.get(key) === next) this.tails.delete(key);
      })
      .catch(() => {});
    return next;
  }
}
