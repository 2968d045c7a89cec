// Fresh temporary folders for a test file, all removed after each test (even a failing one).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const folders = new Set<string>();

afterEach(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true, maxRetries: 5 });
  folders.clear();
});

/** A new empty folder under the system's temporary folder, named after `prefix`. */
export function tempFolder(prefix = 'wxbridge-store-test-'): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.add(folder);
  return folder;
}
