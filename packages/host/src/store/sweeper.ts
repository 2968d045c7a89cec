/**
 * Deletes records once they are of no more use, a few per call, so that a store's growth is bounded
 * by what is live, not by what was ever written. Records are queued as they are written, each with
 * the time after which it can go; every record of one sweeper gets the same delay, so insertion
 * order is deletion order (for a clock that does not go back; one that does only delays deletions).
 *
 * A sweeper knows only the records its own process wrote: the `KeyValueStore` contract offers no
 * listing. A record that may have been rewritten since it was queued (a session, replaced at each
 * login) is given to `drop`, which deletes it only if what is stored now is past its time.
 */
import type { KeyValueStore } from '@wxbridge/store';

/** Records deleted at most this many per sweep. */
export const SWEEP_BATCH = 16;

export class Sweeper {
  private readonly queue: { key: string; after: number }[] = [];
  private head = 0;

  private readonly drop: (key: string, now: number) => unknown;

  /** `drop` deletes a record whose time has come; default: `store.delete(key)`. */
  constructor(store: KeyValueStore, drop?: (key: string, now: number) => unknown) {
    this.drop = drop ?? ((key) => store.delete(key));
  }

  /** Queues `key` for deletion after `after`. */
  add(key: string, after: number): void {
    this.queue.push({ key, after });
  }

  /** Records queued and not yet swept (for tests). */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** Deletes up to `SWEEP_BATCH` records that are past their time. Never fails: housekeeping must not fail a login. */
  async sweep(now: number): Promise<void> {
    for (let n = 0; n < SWEEP_BATCH; n++) {
      const next = this.queue[this.head];
      if (!next || now <= next.after) break;
      this.head++;
      try {
        await this.drop(next.key, now);
      } catch {
        break; // A store hiccup: the record is left behind.
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
