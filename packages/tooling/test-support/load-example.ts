/**
 * Loads an example `.mjs` file inside Jest (which runs CommonJS): esbuild bundles it with the
 * packages' sources, as the published packages would resolve, and the bundle is evaluated here.
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { REPO_ROOT, SOURCE_ALIASES } from '../../demo/src/browser-bundle';

export function loadExample<T = Record<string, unknown>>(file: string): T {
  const result = buildSync({
    entryPoints: [join(REPO_ROOT, file)],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
    alias: { ...SOURCE_ALIASES },
  });
  const module = { exports: {} as T };
  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(module, module.exports, require);
  return module.exports;
}
