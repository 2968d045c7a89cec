/**
 * Loads an example `.mjs` file inside Jest (which runs CommonJS): esbuild bundles it with the
 * packages' sources, as the published packages would resolve, and the bundle is evaluated here.
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

export function loadExample<T = Record<string, unknown>>(file: string): T {
  const result = buildSync({
    entryPoints: [join(root, file)],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
    alias: {
      '@wxbridge/protocol': join(root, 'packages/protocol/src/index.ts'),
      '@wxbridge/guest': join(root, 'packages/guest/src/index.ts'),
      '@wxbridge/host/node': join(root, 'packages/host/src/node/index.ts'),
      '@wxbridge/host': join(root, 'packages/host/src/index.ts'),
    },
  });
  const module = { exports: {} as T };
  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(module, module.exports, require);
  return module.exports;
}
