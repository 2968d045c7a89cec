// The workspace packages as npm packs them, for the tests and the bench that use what ships rather
// than the sources: packages/tooling/test/packed-install.test.ts installs every public tarball,
// packages/tooling/bench/size.mjs unpacks the guest's into a scratch node_modules and bundles from it.
// CommonJS, so a Jest test (through ts-jest) and an ES module bench both load it; types in packing.d.cts.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { gunzipSync } = require('node:zlib');

const root = join(__dirname, '..', '..', '..');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** The workspace packages in the root manifest's order: `dir` relative to the repository (packages/guest), `pkg` its manifest. */
function workspacePackages() {
  return readJson(join(root, 'package.json')).workspaces.map((dir) => ({ dir, pkg: readJson(join(root, dir, 'package.json')) }));
}

/** Every file an export map (or a nested condition object) points at. */
function targets(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

/** The entry points of a package: main, module, types and every target of its exports map. */
function entryPoints(pkg) {
  const files = [pkg.main, pkg.module, pkg.types, ...targets(pkg.exports)].filter((f) => typeof f === 'string');
  return [...new Set(files.map((f) => f.replace(/^\.\//, '')))];
}

/** The workspace packages a package depends on, itself included (their sources feed its build). */
function workspaceClosure(w, all = workspacePackages(), seen = new Set()) {
  seen.add(w);
  for (const dep of Object.keys(w.pkg.dependencies ?? {})) {
    const other = all.find((o) => o.pkg.name === dep);
    if (other && !seen.has(other)) workspaceClosure(other, all, seen);
  }
  return seen;
}

/** The newest change time of a file, or of the files in a folder (not the folders' own: saving by rename touches them). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Every file in a folder and its subfolders (none if it does not exist), dot files left out. */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.startsWith('.') ? [] : [join(dir, entry.name)],
  );
}

/**
 * Whether every entry point exists, the built files are newer than the sources, manifests and build
 * script they come from, and tsc's build state newer than the sources (tsc leaves an unchanged
 * declaration file alone, so a declaration's own time says nothing; its build state is rewritten
 * whenever a source changed).
 */
function isBuilt(w, all = workspacePackages()) {
  let entries = entryPoints(w.pkg)
    .filter((file) => file !== 'package.json')
    .map((file) => join(root, w.dir, file));
  // A command's package (@wxbridge/cli) exports no module: what it ships from dist/ is what its build wrote there.
  if (entries.length === 0 && (w.pkg.files ?? []).includes('dist')) {
    entries = filesUnder(join(root, w.dir, 'dist'));
    if (entries.length === 0) return false;
  }
  if (!entries.every(existsSync)) return false;
  const closure = [...workspaceClosure(w, all)];
  const sources = Math.max(...closure.map((dep) => newestMtime(join(root, dep.dir, 'src'))));
  const manifests = Math.max(newestMtime(join(root, 'packages', 'tooling', 'build.mjs')), ...closure.map((dep) => newestMtime(join(root, dep.dir, 'package.json'))));
  const oldest = (files) => Math.min(...files.map((file) => statSync(file).mtimeMs));
  const tscState = join(root, w.dir, 'dist', '.tsbuildinfo');
  const declarations = existsSync(tscState) ? [tscState] : entries.filter((file) => file.endsWith('.d.ts'));
  return oldest(entries.filter((file) => !file.endsWith('.d.ts'))) >= Math.max(sources, manifests) && oldest(declarations) >= sources;
}

/** The environment for child npm and Node processes: the caller's, without npm's script variables of this repository. */
function childEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_|^npm_config_(local_prefix|workspaces?|include_workspace_root)$|^INIT_CWD$|^NODE_OPTIONS$/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** Runs a command to its end (at most 90 s) in childEnv(); its exit status and output. */
function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: childEnv(), timeout: 90_000 });
  if (result.error) throw result.error;
  return result;
}

/** run(), throwing with the output if the command exits non-zero; its stdout. */
function mustRun(command, args, cwd) {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * `npm pack`s workspace packages into a folder, in one npm process. Packing runs each package's
 * `prepack` (its build) unless every build is already fresh (the usual case under `npm test` and
 * `npm run bench`, which build first): then `--ignore-scripts` saves the time.
 */
function packWorkspaces(list, destination) {
  const withScripts = !list.every((w) => isBuilt(w));
  const args = ['pack', '--pack-destination', destination, ...(withScripts ? [] : ['--ignore-scripts']), ...list.flatMap((w) => ['--workspace', w.dir])];
  mustRun('npm', args, root);
  const tarballs = new Map(list.map((w) => [w.pkg.name, join(destination, `${w.pkg.name.replace(/^@/, '').replace('/', '-')}-${w.pkg.version}.tgz`)]));
  return { tarballs, withScripts };
}

/** The files of a .tgz (npm's tar: `package/` prefix stripped), with their contents. */
function readTarball(file) {
  const data = gunzipSync(readFileSync(file));
  const files = new Map();
  for (let offset = 0; offset + 512 <= data.length; ) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start, length) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const name = [text(345, 155), text(0, 100)].filter(Boolean).join('/');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1);
    if (type === '0' || type === '') files.set(name.replace(/^package\//, ''), data.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * Packs workspace packages and the workspace packages they depend on, and unpacks each tarball into
 * `<dir>/node_modules/<name>`, as an install lays them out, so a bundler resolving from `dir` sees
 * exactly what ships (the tarball's files and exports map). Their registry dependencies are linked
 * from the repository's node_modules. Returns the packed packages' names.
 */
function unpackWithDependencies(names, dir) {
  const all = workspacePackages();
  const closure = new Set();
  for (const name of names) {
    const w = all.find((o) => o.pkg.name === name);
    if (!w) throw new Error(`${name} is not a workspace package (${all.map((o) => o.pkg.name).join(', ')})`);
    workspaceClosure(w, all, closure);
  }
  mkdirSync(join(dir, 'tarballs'), { recursive: true });
  const { tarballs } = packWorkspaces([...closure], join(dir, 'tarballs'));
  for (const [packed, tarball] of tarballs) {
    for (const [path, contents] of readTarball(tarball)) {
      const file = join(dir, 'node_modules', packed, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, contents);
    }
  }
  const registry = new Set([...closure].flatMap((w) => Object.keys(w.pkg.dependencies ?? {})).filter((dep) => !tarballs.has(dep)));
  for (const dep of registry) {
    mkdirSync(dirname(join(dir, 'node_modules', dep)), { recursive: true });
    symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  }
  return [...tarballs.keys()];
}

module.exports = {
  root,
  workspacePackages,
  targets,
  entryPoints,
  isBuilt,
  childEnv,
  run,
  mustRun,
  packWorkspaces,
  readTarball,
  unpackWithDependencies,
};
