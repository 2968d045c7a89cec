// Node-only stores (they import node:fs); browsers never load this entry.
export { FileStore } from './file-store';
