/** A browser store over `localStorage` (or any Web Storage). */
import type { KeyValueStore } from './contract';

/** The part of the Web Storage API the browser store uses. */
export interface WebStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * A store over `localStorage` (or any Web Storage), looked up when first used. Keeps the host's
 * decisions in one browser; it is not shared with anything, and ignores `ttlMs` (records carry
 * their own time).
 */
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
