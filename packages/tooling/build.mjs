// Builds every published package: `tsc -b` for type-checking and `.d.ts`,
// then esbuild for one ESM and one CJS file per package (dependencies stay external).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PACKAGES = ['protocol', 'guest', 'host', 'mock'];

export async function buildPackages() {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
  await Promise.all(
    PACKAGES.flatMap((name) => {
      const dir = join(root, 'packages', name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      // One bundle per export subpath: '.' is src/index.ts → dist/index.*, './node' is src/node/index.ts → dist/node.*.
      const entries = Object.keys(pkg.exports).filter((sub) => sub !== './package.json');
      return entries.flatMap((sub) => {
        const name = sub === '.' ? 'index' : sub.slice(2);
        const source = sub === '.' ? 'index.ts' : `${name}/index.ts`;
        return bundle(dir, pkg, join(dir, 'src', source), join(dir, 'dist', name));
      });
    }),
  );
}

function bundle(dir, pkg, entry, out) {
  const common = {
    entryPoints: [entry],
    bundle: true,
    platform: 'neutral',
    target: 'es2020',
    external: [...Object.keys(pkg.dependencies ?? {}), 'node:*'],
    sourcemap: true,
    logLevel: 'warning',
  };
  return [
    build({ ...common, format: 'esm', outfile: out + '.mjs' }),
    build({ ...common, format: 'cjs', outfile: out + '.cjs', platform: 'node' }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPackages();
  console.log(`built ${PACKAGES.map((p) => '@wxbridge/' + p).join(', ')}`);
}
