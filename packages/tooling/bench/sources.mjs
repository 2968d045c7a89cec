// Where the bench finds the repository and the packages' sources (bundles are made from source, as
// the browser tests do, so they measure the code as it is, built or not).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `@wxbridge/*` → the package's `src/index.ts`, for esbuild's `alias`. */
export const sourceAlias = Object.fromEntries(
  ['protocol', 'guest', 'host'].map((name) => [`@wxbridge/${name}`, join(root, 'packages', name, 'src', 'index.ts')]),
);

/** Where the bench writes; `tmp` below it is ignored by git. */
export const resultsDir = join(root, 'bench-results');
export const tmpDir = join(resultsDir, 'tmp');
