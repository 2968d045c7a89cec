/**
 * The store contract's conformance suite (packages/tooling/test-support/store-conformance.ts) run
 * against the embedded stores: MemoryStore in one process, FileStore in one process and across
 * real child processes sharing its folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryStore } from '@wxbridge/store';
import { FileStore } from '@wxbridge/store/node';
import { bundleForNode } from '../../tooling/test-support/browser-bundle';
import { describeStoreConformance } from '../../tooling/test-support/store-conformance';

describeStoreConformance('MemoryStore', async () => ({ store: new MemoryStore(), close: async () => {} }));

let bundleFolder: string | undefined;
afterAll(() => {
  if (bundleFolder) fs.rmSync(bundleFolder, { recursive: true, force: true });
});

describeStoreConformance(
  'FileStore',
  async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-conformance-'));
    return {
      store: new FileStore(folder),
      childArgs: { folder },
      close: async () => fs.rmSync(folder, { recursive: true, force: true, maxRetries: 5 }),
    };
  },
  {
    module() {
      bundleFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-conformance-bundle-'));
      const file = path.join(bundleFolder, 'file-store-child.cjs');
      fs.writeFileSync(file, bundleForNode({ entry: path.join(__dirname, 'fixtures/file-store-child.ts') }, 'cjs'));
      return file;
    },
  },
);
