/**
 * Where the host keeps what users decided: a small key-value contract that
 * an integrator can back with anything (memory, `localStorage`, files, a
 * shared database). Values are JSON text.
 */

export interface KeyValueStore {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, value: string): Promise<void> | void;
  delete(key: string): Promise<void> | void;
  /**
   * Reads and removes a key in one atomic step: of several callers (several
   * processes sharing the store), exactly one gets the value. Single-use
   * login codes need it; a store without it falls back to get-then-delete,
   * which is only safe within one process.
   */
  take?(key: string): Promise<string | undefined> | string | undefined;
  /**
   * Whether what is stored outlives the process (files, `localStorage`, a database). A
   * `SessionService` over a persistent store needs a fixed `secret`: with the default random one,
   * the same user would get a different openid after every restart.
   */
  readonly persistent?: boolean;
}

/** `store.take(key)`, or get-then-delete for a store without it. */
export async function takeKey(store: KeyValueStore, key: string): Promise<string | undefined> {
  if (store.take) return store.take(key);
  const value = await store.get(key);
  if (value !== undefined) await store.delete(key);
  return value;
}

/** The default: decisions live as long as the process. */
export class MemoryStore implements KeyValueStore {
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
  /** Forgets everything (e.g. a mock host whose consent settings changed). */
  clear(): void {
    this.map.clear();
  }
}

/** The part of the Web Storage API the browser store uses. */
export interface WebStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A browser store over `localStorage` (or any Web Storage), looked up when first used. */
export function createWebStorageStore(storage?: WebStorage, prefix = 'wxbridge:'): KeyValueStore {
  const area = () => storage ?? (globalThis as { localStorage?: WebStorage }).localStorage;
  const need = () => {
    const found = area();
    // Some runtimes define a `localStorage` that is not usable (Node 25 without --localstorage-file).
    if (typeof found?.getItem !== 'function') throw new Error('createWebStorageStore: no localStorage here; pass a Web Storage object');
    return found;
  };
  return {
    persistent: true,
    get: (key) => need().getItem(prefix + key) ?? undefined,
    set: (key, value) => need().setItem(prefix + key, value),
    delete: (key) => need().removeItem(prefix + key),
  };
}
