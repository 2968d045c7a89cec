import { createWebStorageStore, MemoryStore, StoreUnavailableError, takeKey, type KeyValueStore, type WebStorage } from '../src';

/** A Web Storage over a Map, recording what it was asked. */
function mapStorage(): WebStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: jest.fn((key: string) => map.get(key) ?? null),
    setItem: jest.fn((key: string, value: string) => void map.set(key, String(value))),
    removeItem: jest.fn((key: string) => void map.delete(key)),
  };
}

describe('MemoryStore', () => {
  test('get / set / delete', () => {
    const store = new MemoryStore();
    expect(store.get('a')).toBeUndefined();
    store.set('a', '1');
    store.set('b', '2');
    expect(store.get('a')).toBe('1');
    store.set('a', '3');
    expect(store.get('a')).toBe('3');
    store.delete('a');
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBe('2');
    expect(() => store.delete('never')).not.toThrow();
  });

  test('take returns the value once and removes it', () => {
    const store = new MemoryStore();
    store.set('code', '"abc"');
    expect(store.take('code')).toBe('"abc"');
    expect(store.take('code')).toBeUndefined();
    expect(store.get('code')).toBeUndefined();
  });

  test('an empty string is a value, not a missing key', () => {
    const store = new MemoryStore();
    store.set('', '');
    expect(store.get('')).toBe('');
    expect(store.take('')).toBe('');
    expect(store.get('')).toBeUndefined();
  });

  test('stores are independent', () => {
    const one = new MemoryStore();
    const two = new MemoryStore();
    one.set('k', 'v');
    expect(two.get('k')).toBeUndefined();
  });
});

describe('takeKey', () => {
  test("uses the store's own take when it has one", async () => {
    const store = new MemoryStore();
    store.set('k', 'v');
    const take = jest.spyOn(store, 'take');
    const get = jest.spyOn(store, 'get');
    await expect(takeKey(store, 'k')).resolves.toBe('v');
    expect(take).toHaveBeenCalledWith('k');
    expect(get).not.toHaveBeenCalled();
    expect(store.get('k')).toBeUndefined();
  });

  test('falls back to get-then-delete for a store without take (sync store)', async () => {
    const map = new Map([['k', 'v']]);
    const store: KeyValueStore = {
      get: jest.fn((key: string) => map.get(key)),
      set: jest.fn((key: string, value: string) => void map.set(key, value)),
      delete: jest.fn((key: string) => void map.delete(key)),
    };
    await expect(takeKey(store, 'k')).resolves.toBe('v');
    expect(store.get).toHaveBeenCalledWith('k');
    expect(store.delete).toHaveBeenCalledWith('k');
    expect(map.has('k')).toBe(false);
    await expect(takeKey(store, 'k')).resolves.toBeUndefined();
    expect(store.delete).toHaveBeenCalledTimes(1); // nothing to delete the second time
  });

  test('falls back to get-then-delete for a store without take (async store), waiting for the delete', async () => {
    const map = new Map([['k', 'v']]);
    const order: string[] = [];
    const store: KeyValueStore = {
      get: async (key) => map.get(key),
      set: async (key, value) => void map.set(key, value),
      delete: async (key) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        map.delete(key);
        order.push('deleted');
      },
    };
    const value = await takeKey(store, 'k');
    order.push('returned');
    expect(value).toBe('v');
    expect(order).toEqual(['deleted', 'returned']);
    expect(map.size).toBe(0);
  });

  test('an empty string value is taken and deleted', async () => {
    const map = new Map([['k', '']]);
    const store: KeyValueStore = { get: (key) => map.get(key), set: () => {}, delete: (key) => void map.delete(key) };
    await expect(takeKey(store, 'k')).resolves.toBe('');
    expect(map.has('k')).toBe(false);
  });

  test('errors from the store reach the caller', async () => {
    const store: KeyValueStore = {
      get: async () => {
        throw new Error('disk on fire');
      },
      set: () => {},
      delete: () => {},
    };
    await expect(takeKey(store, 'k')).rejects.toThrow('disk on fire');
  });
});

describe('createWebStorageStore', () => {
  test('get / set / delete under the default prefix', () => {
    const storage = mapStorage();
    const store = createWebStorageStore(storage);
    expect(store.get('a')).toBeUndefined(); // getItem's null becomes undefined
    store.set('a', '{"x":1}');
    expect(storage.map.get('wxbridge:a')).toBe('{"x":1}');
    expect(store.get('a')).toBe('{"x":1}');
    store.delete('a');
    expect(storage.map.has('wxbridge:a')).toBe(false);
    expect(store.get('a')).toBeUndefined();
    expect(storage.removeItem).toHaveBeenCalledWith('wxbridge:a');
  });

  test('a custom prefix keeps stores apart in one storage and leaves other items alone', () => {
    const storage = mapStorage();
    storage.map.set('a', 'not ours');
    const one = createWebStorageStore(storage, 'one/');
    const two = createWebStorageStore(storage, 'two/');
    one.set('a', '1');
    two.set('a', '2');
    expect([...storage.map.keys()].sort()).toEqual(['a', 'one/a', 'two/a']);
    expect(one.get('a')).toBe('1');
    expect(two.get('a')).toBe('2');
    one.delete('a');
    expect(two.get('a')).toBe('2');
    expect(storage.map.get('a')).toBe('not ours');
  });

  test('has no atomic take; takeKey falls back to get-then-delete', async () => {
    const storage = mapStorage();
    const store = createWebStorageStore(storage);
    expect(store.take).toBeUndefined();
    store.set('code', '"c"');
    await expect(takeKey(store, 'code')).resolves.toBe('"c"');
    expect(storage.map.size).toBe(0);
    await expect(takeKey(store, 'code')).resolves.toBeUndefined();
  });

  describe('without a storage argument', () => {
    let saved: PropertyDescriptor | undefined;
    beforeEach(() => {
      saved = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
      // Node 25 defines a `localStorage` of its own; hide whatever is there.
      Object.defineProperty(globalThis, 'localStorage', { value: undefined, configurable: true, writable: true });
    });
    afterEach(() => {
      if (saved) Object.defineProperty(globalThis, 'localStorage', saved);
      else delete (globalThis as { localStorage?: unknown }).localStorage;
    });

    test('no localStorage and none passed: creating works, using it throws a clear error', () => {
      const store = createWebStorageStore();
      const message = /no localStorage here; pass a Web Storage object/;
      expect(() => store.get('a')).toThrow(message);
      expect(() => store.set('a', '1')).toThrow(message);
      expect(() => store.delete('a')).toThrow(message);
    });

    test('an object without getItem is no localStorage either', () => {
      (globalThis as { localStorage?: unknown }).localStorage = {};
      const store = createWebStorageStore();
      expect(() => store.get('a')).toThrow(/no localStorage here/);
    });

    test('localStorage is looked up when used, not when created', () => {
      const store = createWebStorageStore();
      const storage = mapStorage();
      (globalThis as { localStorage?: unknown }).localStorage = storage;
      store.set('a', '1');
      expect(storage.map.get('wxbridge:a')).toBe('1');
      expect(store.get('a')).toBe('1');
    });
  });
});

describe('StoreUnavailableError', () => {
  test('names the failure, keeps its cause, and is recognised by is()', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new StoreUnavailableError('the store at x did not answer', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'StoreUnavailableError', message: 'the store at x did not answer', cause });
    expect(StoreUnavailableError.is(error)).toBe(true);
    // The brand is not an enumerable field: nothing extra when the error is copied or logged.
    const brand = Symbol.for('wxbridge.StoreUnavailableError');
    expect([Object.getOwnPropertySymbols(error).includes(brand), Object.prototype.propertyIsEnumerable.call(error, brand)]).toEqual([true, false]);
  });

  test("mark() brands a store's own error class; other errors and values are not unavailable", () => {
    class OwnStoreError extends Error {}
    const marked = StoreUnavailableError.mark(new OwnStoreError('down'));
    expect(marked).toBeInstanceOf(OwnStoreError);
    expect(StoreUnavailableError.is(marked)).toBe(true);
    for (const value of [new OwnStoreError('refused'), new Error('x'), undefined, null, 'StoreUnavailableError', { name: 'StoreUnavailableError' }]) {
      expect(StoreUnavailableError.is(value)).toBe(false);
    }
  });

  test('is() recognises one made by another copy of the package (two bundles), which instanceof does not', () => {
    let other: typeof StoreUnavailableError | undefined;
    jest.isolateModules(() => {
      other = (require('../src/contract') as typeof import('../src/contract')).StoreUnavailableError;
    });
    expect(other).not.toBe(StoreUnavailableError);
    const fromOther = new other!('down');
    expect(fromOther instanceof StoreUnavailableError).toBe(false);
    expect(StoreUnavailableError.is(fromOther)).toBe(true);
    expect(other!.is(new StoreUnavailableError('down'))).toBe(true);
  });
});
