// The stores the subscription and SOTER tests run over: a real MemoryStore, and a real FileStore
// in a temporary folder. `open()` gives another handle on the same state: the same MemoryStore, or
// a second FileStore over the same folder (as a second server process would open it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore, type SharedStore } from '@wxbridge/store';
import { FileStore } from '@wxbridge/store/node';

export interface StoreFlavour {
  name: string;
  /** A fresh, empty store and a way to open it again. */
  create(): { store: SharedStore; open(): SharedStore };
}

const folders: string[] = [];

afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

export const STORES: StoreFlavour[] = [
  {
    name: 'MemoryStore',
    create() {
      const store = new MemoryStore();
      return { store, open: () => store };
    },
  },
  {
    name: 'FileStore',
    create() {
      const folder = mkdtempSync(join(tmpdir(), 'wxbridge-server-'));
      folders.push(folder);
      const open = () => new FileStore(folder);
      return { store: open(), open };
    },
  },
];
