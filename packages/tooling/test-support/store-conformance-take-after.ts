/**
 * The conformance tests of `takeAfter`, the store's optional "writes, then take" (what redeeming a
 * single-use code does in one round trip), through `takeAfterWrites`: a store's own `takeAfter`
 * (MemoryStore, Redis) or the fallback (the writes, then `take`) for a store without it (FileStore).
 * Declared by `describeStoreConformance`.
 */
import { takeAfterWrites, type SharedStore, type StoreWrite } from '@wxbridge/store';

const attempt = <T>(call: () => T | Promise<T>): Promise<T> => Promise.resolve().then(call);

export function declareTakeAfter(
  store: () => Promise<SharedStore>,
  eventually: (check: () => Promise<boolean>, what: string) => Promise<void>,
  timeoutMs: number,
): void {
  test('takeAfter writes (set, or setIfAbsent with ifAbsent), then takes the key once', async () => {
    const s = await store();
    await s.set('code', 'the code');
    await s.set('user', 'already known');
    const writes: StoreWrite[] = [
      { key: 'tombstone', value: 'used', ttlMs: 60_000 },
      { key: 'user', value: 'someone else', ifAbsent: true },
      { key: 'fresh', value: 'new', ifAbsent: true },
    ];
    expect(await takeAfterWrites(s, 'code', writes)).toBe('the code');
    expect(await s.get('code')).toBeUndefined();
    expect(await s.get('tombstone')).toBe('used');
    expect(await s.get('user')).toBe('already known');
    expect(await s.get('fresh')).toBe('new');
    // The key is gone: nothing to take, the writes are applied all the same (as with set then take).
    expect(await takeAfterWrites(s, 'code', [{ key: 'tombstone', value: 'again' }])).toBeUndefined();
    expect(await s.get('tombstone')).toBe('again');
    expect(await takeAfterWrites(s, 'never', [])).toBeUndefined();
    await s.set('plain', 'taken with no writes');
    expect(await takeAfterWrites(s, 'plain', [])).toBe('taken with no writes');
  });

  test('a write of takeAfter with ttlMs expires; one without is permanent', async () => {
    const s = await store();
    await s.set('code', 'c');
    await s.set('old', 'v', { ttlMs: 60_000 });
    expect(await takeAfterWrites(s, 'code', [{ key: 'short', value: 's', ttlMs: 50 }, { key: 'old', value: 'w' }])).toBe('c');
    await eventually(async () => (await s.get('short')) === undefined, 'short reads as absent');
    expect(await s.get('old')).toBe('w');
  });

  test('bad writes are refused with a TypeError naming what is wrong, and the key stays', async () => {
    const s = await store();
    await s.set('code', 'c');
    const bad: unknown[] = [
      'not a list',
      [{ key: 'k' }],
      [{ key: 1, value: 'v' }],
      [null],
      [{ key: 'k', value: 'v', ttlMs: 0 }],
      [{ key: 'k', value: 'v', ttlMs: Number.NaN }],
    ];
    for (const writes of bad) {
      await expect(attempt(() => takeAfterWrites(s, 'code', writes as StoreWrite[]))).rejects.toThrow(TypeError);
    }
    await expect(attempt(() => takeAfterWrites(s, 'code', [{ key: 'k', value: 'v', ttlMs: -1 }]))).rejects.toThrow(/ttlMs/);
    await expect(attempt(() => takeAfterWrites(s, 'code', [{ key: 'k' } as StoreWrite]))).rejects.toThrow(/key and a string value/);
    expect(await s.get('code')).toBe('c');
    expect(await s.get('k')).toBeUndefined();
  });

  test('50 concurrent takeAfter of one key: exactly one gets the value, and every write is in place', async () => {
    const s = await store();
    await s.set('code', 'the value');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => takeAfterWrites(s, 'code', [{ key: `written/${i}`, value: String(i) }, { key: 'first', value: String(i), ifAbsent: true }])),
    );
    expect(results.filter((result) => result !== undefined)).toEqual(['the value']);
    expect(await s.get('code')).toBeUndefined();
    for (let i = 0; i < 50; i++) expect(await s.get(`written/${i}`)).toBe(String(i));
    expect(Number(await s.get('first'))).toBeGreaterThanOrEqual(0);
  }, timeoutMs);
}
