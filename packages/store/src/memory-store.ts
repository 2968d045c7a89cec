/**
 * The default store: what is kept lives as long as the process. Implements the whole contract
 * (a `SharedStore` within one process), expiry included: an expired key reads as absent and is
 * dropped when next touched, or by the occasional sweep that `set` runs.
 */
import { adjusted, checkAdjust, checkTtl, checkWrites, type AdjustOptions, type SetOptions, type SharedStore, type StoreWrite } from './contract';

interface Entry {
  value: string;
  /** Milliseconds since the epoch; absent: never. */
  expiresAt?: number;
}

/** Writes between two sweeps of expired keys. */
const SWEEP_EVERY = 1024;

export class MemoryStore implements SharedStore {
  private readonly map = new Map<string, Entry>();
  private writes = 0;

  /** `clock`: milliseconds since the epoch (default `Date.now`). */
  constructor(private readonly clock: () => number = Date.now) {}

  get(key: string): string | undefined {
    return this.live(key)?.value;
  }
  set(key: string, value: string, options?: SetOptions): void {
    checkTtl('MemoryStore.set', options);
    this.put(key, value, options);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  take(key: string): string | undefined {
    const entry = this.live(key);
    this.map.delete(key);
    return entry?.value;
  }
  setIfAbsent(key: string, value: string, options?: SetOptions): boolean {
    checkTtl('MemoryStore.setIfAbsent', options);
    if (this.live(key)) return false;
    this.put(key, value, options);
    return true;
  }
  adjust(key: string, delta: number, options?: AdjustOptions): number | undefined {
    checkAdjust('MemoryStore', delta, options);
    const entry = this.live(key);
    const next = adjusted('MemoryStore', entry?.value, delta, options?.min);
    if (next === undefined) return undefined;
    // Without ttlMs the key keeps the expiry it had (Redis INCRBY keeps the TTL too).
    this.put(key, String(next), options?.ttlMs === undefined ? { ttlMs: undefined } : options, entry?.expiresAt);
    return next;
  }
  /** The writes, then `take`: one synchronous step, so nothing lands between them. */
  takeAfter(key: string, writes: readonly StoreWrite[]): string | undefined {
    checkWrites('MemoryStore', writes);
    for (const write of writes) if (!write.ifAbsent || !this.live(write.key)) this.put(write.key, write.value, write);
    return this.take(key);
  }
  /** Forgets everything (e.g. a mock host whose consent settings changed). */
  clear(): void {
    this.map.clear();
  }

  private put(key: string, value: string, options?: SetOptions, keepExpiry?: number): void {
    const expiresAt = options?.ttlMs !== undefined ? this.clock() + options.ttlMs : keepExpiry;
    this.map.delete(key);
    this.map.set(key, expiresAt === undefined ? { value } : { value, expiresAt });
    if (++this.writes % SWEEP_EVERY === 0) this.sweep();
  }

  private live(key: string): Entry | undefined {
    const entry = this.map.get(key);
    if (entry?.expiresAt !== undefined && this.clock() >= entry.expiresAt) {
      this.map.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.clock();
    for (const [key, entry] of this.map) if (entry.expiresAt !== undefined && now >= entry.expiresAt) this.map.delete(key);
  }
}
