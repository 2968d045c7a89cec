/**
 * Loads an example `.mjs` file inside Jest (which runs CommonJS): esbuild bundles it with the
 * packages' sources, as the published packages would resolve, and the bundle is evaluated here.
 */
import { join } from 'node:path';
import { REPO_ROOT, bundleForNode } from './browser-bundle';

export function loadExample<T = Record<string, unknown>>(file: string): T {
  const code = bundleForNode({ entry: join(REPO_ROOT, file) }, 'cjs');
  const module = { exports: {} as T };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
}
