/**
 * How FileStore reads and removes its files (file-folder.ts): a value of any size comes back
 * whole, multi-byte characters split across reads included; removing a file that is not there is
 * no error; a value replaced under the same key leaves no temporary file behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileStore } from '@wxbridge/store/node';
import { readText, removeFile } from '../src/node/file-folder';
import { tempFolder } from './temp-folders';

test.each([0, 1, 4095, 4096, 4097, 8192, 3 * 4096 + 1, 1_500_000])('a %i-byte value reads back whole, through the store and readText', async (size) => {
  const folder = tempFolder();
  const store = new FileStore(folder);
  // '漢' is three UTF-8 bytes: at most sizes its bytes straddle the 4 KiB reads.
  const value = '漢'.repeat(Math.floor(size / 3)) + 'x'.repeat(size % 3);
  await store.set('big', value);
  expect(await store.get('big')).toBe(value);
  const file = path.join(folder, fs.readdirSync(folder).find((name) => name.endsWith('.json'))!);
  expect(await readText(file)).toBe(value);
  expect(await store.take('big')).toBe(value);
  expect(await store.get('big')).toBeUndefined();
});

test('removeFile removes a file, and a missing one is no error; a folder is still refused', async () => {
  const folder = tempFolder();
  const file = path.join(folder, 'a.json');
  fs.writeFileSync(file, 'x');
  await removeFile(file);
  expect(fs.existsSync(file)).toBe(false);
  await expect(removeFile(file)).resolves.toBeUndefined();
  fs.mkdirSync(path.join(folder, 'sub'));
  await expect(removeFile(path.join(folder, 'sub'))).rejects.toThrow();
});

test('sets, replacements, takes and deletes leave only value files: no temporary file, no lock', async () => {
  const folder = tempFolder();
  const store = new FileStore(folder);
  for (let i = 0; i < 5; i++) await store.set('k', `v${i}`, { ttlMs: 60_000 });
  expect(await store.setIfAbsent('new', 'n')).toBe(true);
  expect(await store.adjust('count', 2)).toBe(2);
  await store.set('gone', 'x');
  expect(await store.take('gone')).toBe('x');
  await store.delete('new');
  expect(fs.readdirSync(folder).sort()).toEqual(['k_count.json', 'k_k.json']);
});
