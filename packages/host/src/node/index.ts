// Node-only parts of the host (they import node:fs); browsers never load this entry.
export { FileStore } from '@wxbridge/store/node';
