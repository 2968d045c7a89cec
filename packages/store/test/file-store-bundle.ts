// FileStore (src/node/file-store.ts) bundled to CommonJS once per test file, for the plain .cjs
// fixtures its child processes run; the bundle's folder is removed after the file's tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleForNode } from '../../tooling/test-support/browser-bundle';

/** Registers the bundling (beforeAll) and its clean-up (afterAll); returns the bundle's path, known once the tests run. */
export function useFileStoreBundle(): () => string {
  let folder: string | undefined;
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-file-store-bundle-'));
    fs.writeFileSync(path.join(folder, 'file-store.cjs'), bundleForNode({ entry: path.join(__dirname, '../src/node/file-store.ts') }, 'cjs'));
  });
  afterAll(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    if (!folder) throw new Error('useFileStoreBundle: the bundle is made in beforeAll; read it from a test');
    return path.join(folder, 'file-store.cjs');
  };
}
