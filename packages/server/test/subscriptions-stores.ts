// The stores the subscription and SOTER tests run over. `open()` gives another handle on the same
// state, as a second server process would open it.
import { MemoryStore, type SharedStore } from '@wxbridge/store';

export interface StoreFlavour {
  name: string;
  /** A fresh, empty store and a way to open it again. */
  create(): { store: SharedStore; open(): SharedStore };
}

export const STORES: StoreFlavour[] = [
  {
    name: 'MemoryStore',
    create() {
      const store = new MemoryStore();
      return { store, open: () => store };
    },
  },
];
