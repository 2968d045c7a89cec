/**
 * Loads modules as a runtime without `node:crypto` would (a browser, Hermes): with
 * `process.getBuiltinModule` gone while `load` runs in `jest.isolateModules`, so the records'
 * `native-crypto.ts` finds nothing and the code falls back to Web Crypto.
 *
 *   const records = withoutNodeCrypto(() => require('@wxbridge/store/records'));
 */
export function withoutNodeCrypto<T>(load: () => T): T {
  const original = process.getBuiltinModule;
  let loaded!: T;
  (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
  try {
    jest.isolateModules(() => {
      loaded = load();
    });
  } finally {
    process.getBuiltinModule = original;
  }
  return loaded;
}
