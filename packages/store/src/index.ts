export {
  takeKey,
  takeAfterWrites,
  checkWrites,
  adjustKey,
  requireShared,
  integerOf,
  checkAdjust,
  checkTtl,
  SHARED_OPERATIONS,
  StoreUnavailableError,
  type KeyValueStore,
  type SharedStore,
  type SetOptions,
  type AdjustOptions,
  type StoreWrite,
} from './contract';
export { MemoryStore } from './memory-store';
export { createWebStorageStore, type WebStorage } from './web-storage-store';
export { KeyedQueue } from './keyed-queue';
