/**
 * FileStore's expiry on disk: the header line, header-less files, lazy removal and the sweep that
 * writes start at most once a minute, over a bounded window of the folder. A fake clock stands in
 * for time (the conformance suite checks expiry in real time).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileStore, decodeStored, fileName, isValueFile } from '@wxbridge/store/node';
import { SWEEP_INTERVAL_MS, SWEEP_LIMIT } from '../src/node/file-store';
import { tempFolder as makeTempFolder } from './temp-folders';

const tempFolder = () => makeTempFolder('wxbridge-file-expiry-');

/** A store on a fresh folder whose clock the test moves. */
function clocked(start = 1_700_000_000_000) {
  const time = { now: start };
  const folder = tempFolder();
  const store = new FileStore(folder, { clock: () => time.now });
  const raw = (key: string) => fs.readFileSync(path.join(folder, fileName(key)), 'utf8');
  const exists = (key: string) => fs.existsSync(path.join(folder, fileName(key)));
  return { time, folder, store, raw, exists };
}

describe('the value file', () => {
  test('holds the bare value without ttlMs, and a header line with the expiry with it', async () => {
    const { store, raw, time } = clocked();
    await store.set('plain', '{"a":1}');
    expect(raw('plain')).toBe('{"a":1}');
    await store.set('expiring', '{"a":2}', { ttlMs: 1500.5 });
    expect(raw('expiring')).toBe(`#wxbridge-store/1 expires=${time.now + 1501}\n{"a":2}`);
    expect(await store.adjust('counter', 7, { ttlMs: 10 })).toBe(7);
    expect(raw('counter')).toBe(`#wxbridge-store/1 expires=${time.now + 10}\n7`);
    expect(await store.setIfAbsent('once', '', { ttlMs: 20 })).toBe(true);
    expect(raw('once')).toBe(`#wxbridge-store/1 expires=${time.now + 20}\n`);
  });

  test('a value that starts like a header is written behind one, and read back whole', async () => {
    const { store, raw } = clocked();
    const value = '#wxbridge-store/1 expires=1\nnot a header';
    await store.set('tricky', value);
    expect(raw('tricky')).toBe(`#wxbridge-store/1\n${value}`);
    await expect(store.get('tricky')).resolves.toBe(value);
    expect(decodeStored(raw('tricky'))).toEqual({ value });
  });

  test('header-less files (as every FileStore wrote before expiry) read as the value; an unknown header is an error naming the file', async () => {
    const { store, folder } = clocked();
    fs.writeFileSync(path.join(folder, fileName('old')), '{"written":"before"}', { mode: 0o600 });
    fs.writeFileSync(path.join(folder, fileName('old-counter')), '3', { mode: 0o600 });
    await expect(store.get('old')).resolves.toBe('{"written":"before"}');
    await expect(store.adjust('old-counter', -1, { min: 0 })).resolves.toBe(2);
    fs.writeFileSync(path.join(folder, fileName('future')), '#wxbridge-store/2 compressed\n…', { mode: 0o600 });
    await expect(store.get('future')).rejects.toThrow(`${path.join(folder, fileName('future'))} starts with an unknown header`);
  });

  test('isValueFile tells value files from locks, temporary files and strangers', () => {
    const name = fileName('a/b');
    expect(isValueFile(name)).toBe(true);
    expect(isValueFile(fileName('x'.repeat(300)))).toBe(true);
    for (const other of [`${name}.lock`, `${name}.lock.break`, `${name}.123.abcdef.tmp`, 'notes.txt', '.DS_Store', 'k_A.json']) {
      expect({ other, value: isValueFile(other) }).toEqual({ other, value: false });
    }
  });
});

describe('expiry', () => {
  test('a key reads as present until its expiry and as absent from then on; the get that finds it expired removes the file', async () => {
    const { store, time, exists } = clocked();
    await store.set('k', 'v', { ttlMs: 1000 });
    time.now += 999;
    await expect(store.get('k')).resolves.toBe('v');
    time.now += 1;
    expect(exists('k')).toBe(true);
    await expect(store.get('k')).resolves.toBeUndefined();
    expect(exists('k')).toBe(false);
    await store.set('t', 'v', { ttlMs: 10 });
    time.now += 10;
    await expect(store.take('t')).resolves.toBeUndefined();
    expect(exists('t')).toBe(false);
  });

  test('the removal checks the expiry again under the lock: a value another process wrote meanwhile stays', async () => {
    const { store, time, folder, raw } = clocked();
    await store.set('k', 'old', { ttlMs: 10 });
    time.now += 10;
    const lock = path.join(folder, fileName('k') + '.lock');
    const link = fs.promises.link;
    let written = false;
    // Between the get's read and its removal taking the lock, another process replaces the value.
    const spy = jest.spyOn(fs.promises, 'link').mockImplementation(async (existing, name) => {
      if (name === lock && !written) {
        written = true;
        fs.writeFileSync(path.join(folder, fileName('k')), 'new, from another process');
      }
      return link(existing, name);
    });
    try {
      await expect(store.get('k')).resolves.toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect(written).toBe(true);
    expect(raw('k')).toBe('new, from another process');
    await expect(store.get('k')).resolves.toBe('new, from another process');
  });

  test('a write sweeps expired files at most once a minute; values alive, and files not ours, stay', async () => {
    const { store, time, folder, exists } = clocked();
    await store.set('first', 'v'); // the first write sweeps (nothing yet)
    await store.set('a', '1', { ttlMs: 1000 });
    await store.set('b', '2', { ttlMs: 5000 });
    await store.set('long', '3', { ttlMs: SWEEP_INTERVAL_MS * 10 });
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not ours');
    time.now += 2000;
    await store.set('c', '4');
    expect([exists('a'), exists('b')]).toEqual([true, true]); // a expired, but the last sweep was 2 s ago
    time.now += SWEEP_INTERVAL_MS;
    await store.set('d', '5'); // resolves once its sweep is done
    expect(fs.readdirSync(folder).sort()).toEqual([...['first', 'long', 'c', 'd'].map(fileName), 'notes.txt'].sort());
  });

  test(`a sweep looks at ${SWEEP_LIMIT} files at most; the next goes on from there`, async () => {
    const { store, time, folder } = clocked();
    const expired = SWEEP_LIMIT + 40;
    for (let i = 0; i < expired; i++) fs.writeFileSync(path.join(folder, fileName(`gone/${i}`)), '#wxbridge-store/1 expires=1\nv', { mode: 0o600 });
    const left = () => fs.readdirSync(folder).filter((name) => name !== fileName('trigger')).length;
    await store.set('trigger', 'v');
    expect(left()).toBe(expired - SWEEP_LIMIT); // names in order: the trigger's own file sorts after them
    time.now += SWEEP_INTERVAL_MS;
    await store.set('trigger', 'v');
    expect(left()).toBe(0);
  });
});
