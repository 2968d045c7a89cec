/**
 * Sliding-window rate limits: at most `limit` events in any `windowMs`. `RateWindow` counts for one
 * source; `RateWindows` for many, keyed, and forgets a key once its window is empty, so what it
 * holds is bounded by the keys active in the last window, never by the events refused.
 */

export class RateWindow {
  /** The times of the events counted, oldest first; never more than `limit`. */
  private readonly times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts an event at `now` and returns true, or returns false (nothing counted) past the limit. */
  take(now: number): boolean {
    this.forget(now);
    if (this.times.length >= this.limit) return false;
    this.times.push(now);
    return true;
  }

  /** Whether no counted event is still in the window at `now`. */
  isEmpty(now: number): boolean {
    this.forget(now);
    return this.times.length === 0;
  }

  private forget(now: number): void {
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift();
  }
}

export class RateWindows<K> {
  private readonly windows = new Map<K, RateWindow>();
  private nextPrune = -Infinity;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts an event of `key` at `now` and returns true, or returns false past the key's limit. */
  take(key: K, now: number): boolean {
    this.prune(now);
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new RateWindow(this.limit, this.windowMs)));
    return window.take(now);
  }

  /** Keys held (for tests: bounded by the keys active in the last window or two). */
  get size(): number {
    return this.windows.size;
  }

  /** At most once a window: forget the keys whose window is empty. */
  private prune(now: number): void {
    if (now < this.nextPrune) return;
    this.nextPrune = now + this.windowMs;
    for (const [key, window] of this.windows) if (window.isEmpty(now)) this.windows.delete(key);
  }
}

/** A count option: a positive integer, or its default when left out. */
export function limitOption(who: string, name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${who}: ${name} must be a positive integer, not ${String(value)}`);
  return value;
}
