// Builds the published packages: `tsc -b` for type-checking and `.d.ts`, then esbuild for ESM as
// one file per source module (so a user's bundler drops the modules it does not use, as from the
// sources) and one CJS file per export subpath (dependencies stay external), and for the guest a ready
// `<script>` build (an IIFE defining globalThis.wxbridge); for the command's package (@wxbridge/cli)
// the `wxbridge` command as one CommonJS file and the browser files it serves, prebuilt, so it
// needs neither esbuild nor sources once installed. Files in dist/ that this build no longer
// produces (declarations of deleted sources, old bundles) are removed, so a tarball holds no leftovers.
//
//   node packages/tooling/build.mjs            every published package
//   node packages/tooling/build.mjs guest      one package (its prepack), and what it references
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PACKAGES = ['protocol', 'store', 'guest', 'host', 'mock', 'server', 'store-redis', 'cli'];
/** The libraries: tsc builds them (the root tsconfig's references) and writes their declarations. */
const LIBRARIES = ['protocol', 'store', 'guest', 'host', 'mock', 'server', 'store-redis'];
/** The `wxbridge` command's package: its sources are type-checked with the tests (tsconfig.tests.json). */
const COMMAND = 'cli';

/** The export subpath of a package's `<script>` build, and the global it defines. */
export const SCRIPT_SUBPATH = './script';
export const SCRIPT_GLOBAL = 'wxbridge';

/** tsc's incremental state: kept in dist/ between builds, never packed (each package's `files`). */
const KEEP = new Set(['.tsbuildinfo']);

export async function buildPackages(names = PACKAGES) {
  for (const name of names) if (!PACKAGES.includes(name)) throw new Error(`unknown package ${name} (one of ${PACKAGES.join(', ')})`);
  const libraries = names.filter((name) => LIBRARIES.includes(name));
  if (libraries.length > 0) {
    const projects = libraries.length === LIBRARIES.length ? [] : libraries.map((name) => join('packages', name));
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', ...projects], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  await Promise.all(names.map((name) => (name === COMMAND ? buildCommand(name) : buildPackage(name))));
}

async function buildPackage(name) {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const outputs = [];
  const builds = [esmModules(dir, pkg, outputs)];
  // One CJS bundle per export subpath: '.' is src/index.ts → dist/index.cjs, './node' is src/node/index.ts
  // → dist/node.cjs; the ESM of a subpath other than '.' is a module re-exporting its index (dist/node.mjs);
  // './script' is the `<script>` build, written where the exports map says.
  for (const sub of Object.keys(pkg.exports)) {
    if (sub === './package.json') continue;
    if (sub === SCRIPT_SUBPATH) {
      builds.push(script(dir, pkg, outputs));
      continue;
    }
    const base = sub === '.' ? 'index' : sub.slice(2);
    const source = sub === '.' ? 'index.ts' : `${base}/index.ts`;
    if (sub !== '.') outputs.push(subpathModule(dir, base));
    builds.push(commonJs(dir, pkg, join(dir, 'src', source), join(dir, 'dist', base), outputs));
  }
  await Promise.all(builds);
  prune(dir, outputs);
}

/** Every source module of a package: src/**\/*.ts but declarations. */
function sourceModules(dir, sub = 'src') {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${sub}/${entry.name}`;
    if (entry.isDirectory()) return sourceModules(dir, rel);
    return rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? [join(dir, rel)] : [];
  });
}

/**
 * The ESM build: each src/<path>.ts → dist/<path>.mjs, beside tsc's dist/<path>.d.ts, with its
 * imports kept: a neighbour as './<path>.mjs', a dependency or `node:` module by name. One bundle
 * would hide the module boundaries from the user's bundler (`sideEffects: false` then drops nothing
 * inside it) and keep every top-level statement it cannot prove pure, with all it references.
 */
async function esmModules(dir, pkg, outputs) {
  const result = await build({
    entryPoints: sourceModules(dir),
    absWorkingDir: dir,
    outbase: 'src',
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true, // for the plugin below, which leaves every import as it is
    plugins: [importsAsModules(pkg)],
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  outputs.push(...Object.keys(result.metafile.outputs).map((file) => join(dir, file)));
}

/** Every import stays an import: './x' → './x.mjs' (or './x/index.mjs'); a dependency or `node:` module as written. */
function importsAsModules(pkg) {
  const dependencies = new Set(Object.keys(pkg.dependencies ?? {}));
  return {
    name: 'imports-as-modules',
    setup(b) {
      b.onResolve({ filter: /.*/ }, ({ path, kind, importer, resolveDir }) => {
        if (kind === 'entry-point') return undefined;
        if (path.startsWith('node:')) return { path, external: true };
        if (!path.startsWith('.')) {
          const name = path.split('/').slice(0, path.startsWith('@') ? 2 : 1).join('/');
          if (dependencies.has(name)) return { path, external: true };
          return { errors: [{ text: `${relative(root, importer)} imports ${path}, which is not in ${pkg.name}'s dependencies` }] };
        }
        const target = join(resolveDir, path);
        if (existsSync(target + '.ts')) return { path: `${path}.mjs`, external: true };
        if (existsSync(join(target, 'index.ts'))) return { path: `${path}/index.mjs`, external: true };
        return { errors: [{ text: `${relative(root, importer)} imports ${path}: no ${path}.ts or ${path}/index.ts` }] };
      });
    },
  };
}

/** dist/<base>.mjs, the exports map's ESM of a subpath: it re-exports dist/<base>/index.mjs. */
function subpathModule(dir, base) {
  if (existsSync(join(dir, 'src', `${base}.ts`))) throw new Error(`${dir}: src/${base}.ts and the subpath ./${base} would both be dist/${base}.mjs`);
  const file = join(dir, 'dist', `${base}.mjs`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `export * from './${base.split('/').pop()}/index.mjs';\n`);
  return file;
}

function commonJs(dir, pkg, entry, out, outputs) {
  outputs.push(out + '.cjs', out + '.cjs.map');
  return build({
    entryPoints: [entry],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'es2020',
    external: [...Object.keys(pkg.dependencies ?? {}), 'node:*'],
    sourcemap: true,
    outfile: out + '.cjs',
    logLevel: 'warning',
  });
}

/**
 * The `<script>` build: the package's index and its dependencies in one minified IIFE that assigns
 * the module's exports to globalThis.wxbridge and declares nothing else, for webviews and pages
 * without a bundler; its `.d.ts` declares that global.
 */
function script(dir, pkg, outputs) {
  const target = pkg.exports[SCRIPT_SUBPATH];
  const outfile = join(dir, target.default);
  const types = join(dir, target.types);
  outputs.push(outfile, outfile + '.map', types);
  writeFileSync(
    types,
    `// The global defined by ${target.default.replace('./dist/', '')}: \`<script src=".../${target.default.replace('./dist/', '')}"></script>\`.\n` +
      `import type * as guest from './index';\n\ndeclare global {\n  var ${SCRIPT_GLOBAL}: typeof guest;\n}\n\nexport {};\n`,
  );
  return build({
    stdin: {
      contents: `import * as guest from './src/index.ts';\nglobalThis.${SCRIPT_GLOBAL} = guest;\n`,
      resolveDir: dir,
      sourcefile: 'script.ts',
      loader: 'ts',
    },
    // Sibling packages from their sources: their dist/ may be being written by this same build.
    alias: Object.fromEntries(
      Object.keys(pkg.dependencies ?? {})
        .filter((dep) => PACKAGES.includes(dep.replace('@wxbridge/', '')))
        .map((dep) => [dep, join(root, 'packages', dep.replace('@wxbridge/', ''), 'src', 'index.ts')]),
    ),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    banner: { js: `/*! ${pkg.name} ${pkg.version} | ${pkg.license} | defines globalThis.${SCRIPT_GLOBAL} */` },
    outfile,
    logLevel: 'warning',
  });
}

/** Every sibling package's import path → its source entry: what the command's package bundles. */
function sourceAliases() {
  return {
    '@wxbridge/protocol': join(root, 'packages/protocol/src/index.ts'),
    '@wxbridge/store/node': join(root, 'packages/store/src/node/index.ts'),
    '@wxbridge/store/records': join(root, 'packages/store/src/records/index.ts'),
    '@wxbridge/store': join(root, 'packages/store/src/index.ts'),
    '@wxbridge/guest': join(root, 'packages/guest/src/index.ts'),
    '@wxbridge/host/node': join(root, 'packages/host/src/node/index.ts'),
    '@wxbridge/host': join(root, 'packages/host/src/index.ts'),
    '@wxbridge/mock': join(root, 'packages/mock/src/index.ts'),
    '@wxbridge/server/node': join(root, 'packages/server/src/node/index.ts'),
    '@wxbridge/server': join(root, 'packages/server/src/index.ts'),
    '@wxbridge/store-redis': join(root, 'packages/store-redis/src/index.ts'),
  };
}

/** What the command loads only when asked to, from the packages installed beside it, rather than bundling. */
const OPTIONAL_AT_RUN_TIME = ['@wxbridge/store-redis'];

/** `sourceAliases` without what the command loads at run time. */
function commandAliases() {
  return Object.fromEntries(Object.entries(sourceAliases()).filter(([name]) => !OPTIONAL_AT_RUN_TIME.includes(name)));
}

/**
 * The `wxbridge` command's package: dist/cli.cjs (src/cli.ts and what it imports, for Node; its
 * bin/wxbridge.cjs runs it) and dist/browser/, what `wxbridge dev` serves (src/assets.ts reads it):
 * the superapp page's script (host, mock and dialogs in one IIFE) and style, the icon, and the guest
 * script mini programs load, whose superapp origin is a placeholder the server fills in. Sibling
 * packages come from their sources, bundled in: the command installs no other package, but for
 * @wxbridge/store-redis, which `serve` loads when the store is a Redis URL.
 */
async function buildCommand(name) {
  const dir = join(root, 'packages', name);
  const src = join(dir, 'src');
  const browser = join(dir, 'dist', 'browser');
  mkdirSync(browser, { recursive: true });
  const common = { bundle: true, alias: sourceAliases(), absWorkingDir: dir, legalComments: 'none', logLevel: 'warning' };
  const outputs = [join(dir, 'dist', 'cli.cjs')];
  const page = (entry, file, define) => {
    outputs.push(join(browser, file));
    return build({ ...common, entryPoints: [join(src, 'browser', entry)], platform: 'browser', format: 'iife', target: 'es2020', define, outfile: join(browser, file) });
  };
  for (const [from, to] of [['host-page.css', 'host.css'], ['favicon.ico', 'favicon.ico']]) {
    copyFileSync(join(src, 'browser', from), join(browser, to));
    outputs.push(join(browser, to));
  }
  await Promise.all([
    // @wxbridge/store-redis (and its Redis client) stays out: `serve --store redis://…` loads it from beside the command.
    build({ ...common, alias: commandAliases(), external: [...OPTIONAL_AT_RUN_TIME], entryPoints: [join(src, 'cli.ts')], platform: 'node', format: 'cjs', target: 'node20', outfile: outputs[0] }),
    // The mock must not refuse to start: this is a development tool, never a production build.
    page('host-page.ts', 'host.js', { 'process.env.NODE_ENV': '"development"' }),
    // Left as a string for src/assets.ts to replace with the superapp's origin when it serves the script.
    page('guest-script.ts', 'guest.js', { __WXBRIDGE_HOST_ORIGIN__: JSON.stringify('__WXBRIDGE_HOST_ORIGIN__') }),
  ]);
  prune(dir, outputs);
}

/** Removes what this build did not produce from dist/: tsc's declarations of deleted sources, old bundles. */
function prune(dir, outputs) {
  const keep = new Set(outputs.map((file) => relative(join(dir, 'dist'), file).split(sep).join('/')));
  const walk = (sub) => {
    const here = join(dir, 'dist', sub);
    if (!existsSync(here)) return;
    for (const entry of readdirSync(here, { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        walk(rel);
        if (readdirSync(join(here, entry.name)).length === 0) rmSync(join(here, entry.name), { recursive: true });
      } else if (!keep.has(rel) && !KEEP.has(rel) && !isDeclarationOfSource(dir, rel)) {
        rmSync(join(here, entry.name));
      }
    }
  };
  walk('');
}

function isDeclarationOfSource(dir, rel) {
  return rel.endsWith('.d.ts') && existsSync(join(dir, 'src', rel.slice(0, -'.d.ts'.length) + '.ts'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  await buildPackages(names.length ? names : PACKAGES);
  console.log(`built ${(names.length ? names : PACKAGES).map((p) => '@wxbridge/' + p).join(', ')}`);
}
