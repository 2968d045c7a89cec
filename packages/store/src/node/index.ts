// Node-only stores (they import node:fs); browsers never load this entry.
export { FileStore, type FileStoreOptions } from './file-store';
// The on-disk format, for tools that look into a FileStore folder: which file holds a key, which
// files hold values, and a value file's text as its value and expiry.
export { fileName, isValueFile } from './file-names';
export { decodeStored, type Stored } from './file-expiry';
