/**
 * Bundles code straight from the monorepo's TypeScript sources with esbuild: every `@wxbridge/*`
 * import resolves to the package's `src`, so no build is needed first. Browser scripts for the
 * demo's servers and the browser tests' pages; Node modules for the examples loaded in Jest and
 * the code tests run in worker threads and child processes.
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';

/** The repository's root (this file is packages/tooling/test-support/browser-bundle.ts). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Each package's import path → its source entry. */
export const SOURCE_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  '@wxbridge/protocol': join(REPO_ROOT, 'packages/protocol/src/index.ts'),
  '@wxbridge/store/node': join(REPO_ROOT, 'packages/store/src/node/index.ts'),
  '@wxbridge/store/records': join(REPO_ROOT, 'packages/store/src/records/index.ts'),
  '@wxbridge/store': join(REPO_ROOT, 'packages/store/src/index.ts'),
  '@wxbridge/server/node': join(REPO_ROOT, 'packages/server/src/node/index.ts'),
  '@wxbridge/server': join(REPO_ROOT, 'packages/server/src/index.ts'),
  '@wxbridge/guest': join(REPO_ROOT, 'packages/guest/src/index.ts'),
  '@wxbridge/host/node': join(REPO_ROOT, 'packages/host/src/node/index.ts'),
  '@wxbridge/host': join(REPO_ROOT, 'packages/host/src/index.ts'),
  '@wxbridge/mock': join(REPO_ROOT, 'packages/mock/src/index.ts'),
});

export interface BrowserBundleOptions {
  /** Identifiers replaced by values (JSON text), as esbuild's `define`. */
  define?: Record<string, string>;
}

/** One IIFE script for the browser from `entry` (a file path). */
export function bundleForBrowser(entry: string, options: BrowserBundleOptions = {}): string {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    alias: { ...SOURCE_ALIASES },
    define: options.define,
  });
  return result.outputFiles[0]!.text;
}

/** What to bundle for Node: a file, or source text resolved from `resolveDir` (default the repository). */
export type NodeBundleInput = { entry: string } | { code: string; resolveDir?: string };

/** One Node module (ESM or CommonJS) as text, from a file or from source text. */
export function bundleForNode(input: NodeBundleInput, format: 'esm' | 'cjs'): string {
  const result = buildSync({
    ...('entry' in input
      ? { entryPoints: [input.entry] }
      : { stdin: { contents: input.code, resolveDir: input.resolveDir ?? REPO_ROOT, loader: 'ts' as const } }),
    bundle: true,
    format,
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    alias: { ...SOURCE_ALIASES },
  });
  return result.outputFiles[0]!.text;
}
