export {
  takeKey,
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
} from './contract';
export { MemoryStore } from './memory-store';
export { createWebStorageStore, type WebStorage } from './web-storage-store';
export { KeyedQueue } from './keyed-queue';
