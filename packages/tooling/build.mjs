// Builds every published package: `tsc -b` for type-checking and `.d.ts`,
// then esbuild for one ESM and one CJS file per package (dependencies stay external).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PACKAGES = ['protocol', 'guest', 'host'];

export async function buildPackages() {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
  await Promise.all(
    PACKAGES.flatMap((name) => {
      const dir = join(root, 'packages', name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const common = {
        entryPoints: [join(dir, 'src', 'index.ts')],
        bundle: true,
        platform: 'neutral',
        target: 'es2020',
        external: Object.keys(pkg.dependencies ?? {}),
        sourcemap: true,
        logLevel: 'warning',
      };
      return [
        build({ ...common, format: 'esm', outfile: join(dir, 'dist', 'index.mjs') }),
        build({ ...common, format: 'cjs', outfile: join(dir, 'dist', 'index.cjs'), platform: 'node' }),
      ];
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPackages();
  console.log(`built ${PACKAGES.map((p) => '@wxbridge/' + p).join(', ')}`);
}
