/**
 * Where the mock host keeps the user's decisions (scopes, privacy): in memory,
 * and cleared when a consent setting changes, so the next call asks again
 * and gets the new answer.
 */
import type { KeyValueStore } from '@wxbridge/host';

export class DecisionMemory implements KeyValueStore {
  private readonly map = new Map<string, string>();
  get(key: string): string | undefined {
    return this.map.get(key);
  }
  set(key: string, value: string): void {
    this.map.set(key, value);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  take(key: string): string | undefined {
    const value = this.map.get(key);
    this.map.delete(key);
    return value;
  }
  clear(): void {
    this.map.clear();
  }
}
