/**
 * The packages as a user gets them. Every public package of the workspace list is packed with
 * `npm pack`, the tarballs are installed offline into a scratch project outside the repository
 * (their registry dependencies come from the npm cache, which `npm ci` fills), and the installed
 * copies are used as a user would: `import` and `require` in child Node processes, a strict
 * TypeScript consumer under `node16` and under `bundler` resolution, the guest's `<script>` build,
 * and the installed `wxbridge --help` and `wxbridge dev` on a folder once a public package ships that command,
 * and its `wxbridge serve` on a real Redis through the @wxbridge/store-redis installed beside it.
 *
 * Packing runs each package's `prepack` (its build) unless the build is already fresh (the usual
 * case under `npm test`, whose pretest builds): then `--ignore-scripts` saves the time.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, entryPoints, mustRun, packWorkspaces, readTarball, run, targets, workspacePackages, type Workspace } from '../test-support/packing.cjs';
import { startRedisServer } from '../test-support/redis-server';
import { serving } from '../test-support/serving-command';

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const rootPkg = readJson(join(root, 'package.json'));
const LICENSE = readFileSync(join(root, 'LICENSE'), 'utf8');
const TSC = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const workspaces: Workspace[] = workspacePackages();
const publics = workspaces.filter((w) => w.pkg.private !== true);
const byName = new Map(workspaces.map((w) => [w.pkg.name as string, w]));
const cli = publics.find((w) => typeof w.pkg.bin === 'object' && w.pkg.bin !== null && 'wxbridge' in w.pkg.bin);

/** Export subpaths that are modules (everything but ./package.json and the script build), as import specifiers. */
function moduleSpecifiers(pkg: Record<string, any>): string[] {
  return Object.keys(pkg.exports ?? { '.': null })
    .filter((sub) => sub !== './package.json' && sub !== './script')
    .map((sub) => (sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`));
}

const timings: Record<string, number> = {};
function timed<T>(label: string, work: () => T): T {
  const start = Date.now();
  try {
    return work();
  } finally {
    timings[label] = Date.now() - start;
  }
}

let scratch: string;
let project: string;
const tarballs = new Map<string, { file: string; files: Map<string, Buffer> }>();
let packedWithScripts: boolean;

beforeAll(() => {
  const start = Date.now();
  scratch = mkdtempSync(join(realpathSync(tmpdir()), 'wxbridge-packed-'));
  const packs = join(scratch, 'tarballs');
  project = join(scratch, 'consumer');
  mkdirSync(packs);
  mkdirSync(project);

  // One npm process packs them all; prepack builds only when the build is stale.
  const packed = timed('pack', () => packWorkspaces(publics, packs));
  packedWithScripts = packed.withScripts;
  for (const [name, file] of packed.tarballs) tarballs.set(name, { file, files: readTarball(file) });

  // The registry dependencies of the public packages (and theirs), as the tarballs this repository's
  // lockfile installs: `npm ci` put exactly those into the cache, under their URLs. (Resolving them
  // by name would need their full registry metadata, which `npm ci` does not cache.)
  const lock = readJson(join(root, 'package-lock.json'));
  const config = execFileSync('npm', ['config', 'get', 'cache', 'registry'], { cwd: root, encoding: 'utf8', env: childEnv() });
  const setting = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(config)![1]!.trim();
  const [cache, registry] = [setting('cache'), setting('registry').replace(/\/?$/, '/')];
  const registryDeps = new Map<string, string>();
  const pending = publics.flatMap((w) => Object.keys(w.pkg.dependencies ?? {}));
  while (pending.length) {
    const name = pending.pop()!;
    if (byName.has(name) || registryDeps.has(name)) continue;
    const locked = lock.packages[`node_modules/${name}`];
    if (!locked) throw new Error(`${name} is not in package-lock.json: run npm install`);
    const url = /^https?:/.test(locked.resolved ?? '') ? locked.resolved : `${registry}${name}/-/${name.split('/').pop()}-${locked.version}.tgz`;
    registryDeps.set(name, url);
    // Optional dependencies only where this platform installed them (esbuild's binary package, say).
    const optional = Object.keys(locked.optionalDependencies ?? {}).filter((dep) => existsSync(join(root, 'node_modules', dep)));
    pending.push(...Object.keys(locked.dependencies ?? {}), ...optional);
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'wxbridge-consumer', private: true, version: '1.0.0' }, null, 2));
  const install = timed('install', () =>
    run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--cache', cache, ...[...tarballs.values()].map((t) => t.file), ...registryDeps.values()],
      project,
    ),
  );
  if (install.status !== 0) {
    const hint = /ENOTCACHED/.test(install.stderr)
      ? `\nA registry dependency is not in the npm cache (${cache}): run npm ci (or npm install) in the repository first; it caches them.`
      : '';
    throw new Error(`offline install of the tarballs failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}${hint}`);
  }
  timings.beforeAll = Date.now() - start;
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  const list = Object.entries(timings).map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`);
  console.log(`packed install (${packedWithScripts ? 'built by prepack' : 'build was fresh: --ignore-scripts'}): ${list.join(', ')}`);
});

test('every public workspace package is packed: today protocol, guest, host, mock and cli', () => {
  expect(publics.map((w) => w.pkg.name)).toEqual(
    expect.arrayContaining(['@wxbridge/protocol', '@wxbridge/guest', '@wxbridge/host', '@wxbridge/mock', '@wxbridge/cli']),
  );
  expect([...tarballs.keys()]).toEqual(publics.map((w) => w.pkg.name));
  expect(relative(root, scratch).split(sep)[0]).toBe('..'); // outside the repository
});

describe.each(publics.map((w) => [w.pkg.name, w] as const))('%s', (name, w) => {
  test('its tarball holds its README, the LICENSE, package.json, dist/ and its commands only, with every entry point', () => {
    const { files } = tarballs.get(name)!;
    const paths = [...files.keys()];
    const commands = targets(w.pkg.bin).map((file) => file.replace(/^\.\//, ''));
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', ...entryPoints(w.pkg), ...commands]));
    const others = paths.filter((p) => !['package.json', 'README.md', 'LICENSE', ...commands].includes(p) && !p.startsWith('dist/'));
    expect(others).toEqual([]);
    expect(paths.filter((p) => /tsbuildinfo|\.test\.|(^|\/)src\//.test(p))).toEqual([]);
    expect(files.get('LICENSE')!.toString('utf8')).toBe(LICENSE); // the package's copy has not drifted from the root's
    expect(files.get('README.md')!.toString('utf8')).toMatch(new RegExp(`^# ${name.replace('/', '\\/')}\\n`));
  });

  test('its tarball holds no build leftovers: each declaration has a source, each source map its file', () => {
    const paths = [...tarballs.get(name)!.files.keys()];
    const generated = entryPoints(w.pkg).filter((p) => p.endsWith('.d.ts'));
    for (const path of paths.filter((p) => p.endsWith('.d.ts') && !generated.includes(p))) {
      expect([path, existsSync(join(root, w.dir, 'src', path.slice('dist/'.length, -'.d.ts'.length) + '.ts'))]).toEqual([path, true]);
    }
    for (const map of paths.filter((p) => p.endsWith('.map'))) expect(paths).toContain(map.slice(0, -'.map'.length));
  });

  test('its manifest is ready to publish: public access, repository, homepage, keywords, engines, a build on pack', () => {
    const packed = JSON.parse(tarballs.get(name)!.files.get('package.json')!.toString('utf8'));
    expect(packed.publishConfig).toEqual({ access: 'public' });
    expect(packed.repository).toEqual({ type: 'git', url: rootPkg.repository.url, directory: w.dir });
    expect(packed.homepage).toMatch(/^https:\/\//);
    expect(packed.keywords.length).toBeGreaterThan(2);
    expect(packed.license).toBe('MIT');
    expect(packed.engines).toMatchObject({ node: rootPkg.engines.node });
    // What ships from dist/ is built on pack, so a fresh clone packs it too.
    if (entryPoints(w.pkg).some((file) => file.startsWith('dist/'))) expect(packed.scripts?.prepack).toMatch(/build\.mjs/);
    for (const dep of Object.keys(packed.dependencies ?? {}).filter((d) => byName.has(d))) {
      expect([dep, packed.dependencies[dep]]).toEqual([dep, byName.get(dep)!.pkg.version]); // a published sibling, exact
      expect(byName.get(dep)!.pkg.private).not.toBe(true);
    }
  });
});

test('the install took every package from its tarball and every registry dependency once, at the top', () => {
  for (const w of publics) {
    const installed = readJson(join(project, 'node_modules', w.pkg.name, 'package.json'));
    expect([w.pkg.name, installed.version]).toEqual([w.pkg.name, w.pkg.version]);
    for (const dep of Object.keys(w.pkg.dependencies ?? {})) {
      expect(existsSync(join(project, 'node_modules', w.pkg.name, 'node_modules', dep))).toBe(false);
      expect(existsSync(join(project, 'node_modules', dep, 'package.json'))).toBe(true);
    }
  }
});

test('each package and subpath loads with import (ESM) and require (CommonJS) from the installed copy', () => {
  const specifiers = publics.flatMap((w) => moduleSpecifiers(w.pkg));
  const esm = `const out = {};
for (const s of ${JSON.stringify(specifiers)}) out[s] = { file: import.meta.resolve(s), keys: Object.keys(await import(s)).sort() };
console.log(JSON.stringify(out));`;
  const cjs = `const out = {};
for (const s of ${JSON.stringify(specifiers)}) out[s] = { file: require.resolve(s), keys: Object.keys(require(s)).sort() };
console.log(JSON.stringify(out));`;
  const fromEsm = timed('import', () => JSON.parse(mustRun(process.execPath, ['--input-type=module', '-e', esm], project)));
  const fromCjs = timed('require', () => JSON.parse(mustRun(process.execPath, ['-e', cjs], project)));
  const installed = realpathSync(join(project, 'node_modules'));
  for (const specifier of specifiers) {
    const esmFile = realpathSync(fileURLToPath(fromEsm[specifier].file));
    const cjsFile = realpathSync(fromCjs[specifier].file);
    expect([specifier, esmFile.startsWith(installed + sep), esmFile.endsWith('.mjs')]).toEqual([specifier, true, true]);
    expect([specifier, cjsFile.startsWith(installed + sep), cjsFile.endsWith('.cjs')]).toEqual([specifier, true, true]);
    expect(fromCjs[specifier].keys.length).toBeGreaterThan(0);
    expect(fromEsm[specifier].keys).toEqual(expect.arrayContaining(fromCjs[specifier].keys.filter((k: string) => k !== 'default')));
  }
});

test("the installed guest's <script> build defines globalThis.wxbridge in a fresh realm", () => {
  const check = `const vm = require('node:vm');
const file = require.resolve('@wxbridge/guest/script');
const context = vm.createContext({});
vm.runInContext(require('node:fs').readFileSync(file, 'utf8'), context);
console.log(JSON.stringify({ file, globals: Object.keys(context), connectGuest: typeof context.wxbridge.connectGuest }));`;
  const result = JSON.parse(mustRun(process.execPath, ['-e', check], project));
  expect(realpathSync(result.file)).toBe(realpathSync(join(project, 'node_modules', '@wxbridge', 'guest', 'dist', 'wxbridge-guest.iife.js')));
  expect(result).toMatchObject({ globals: ['wxbridge'], connectGuest: 'function' });
});

describe('a strict TypeScript consumer type-checks against the installed declarations', () => {
  // Every module subpath of every public package, so a new package or subpath is checked too,
  // then real use of the guest, the host, the host's Node entry, the mock and the script's global.
  const imports = publics
    .flatMap((w) => moduleSpecifiers(w.pkg))
    .map((specifier, i) => `import * as m${i} from '${specifier}';\nexport const keys${i}: string[] = Object.keys(m${i});`)
    .join('\n');
  const use = `import { connectGuest, createParentTransport, type GuestBridge } from '@wxbridge/guest';
import { createHost, createFrameTransport, wxFail, MemoryStore } from '@wxbridge/host';
import { FileStore } from '@wxbridge/host/node';
import { createMockHost } from '@wxbridge/mock';
import { catalogue, PROTOCOL_VERSION } from '@wxbridge/protocol';
import '@wxbridge/guest/script';

export function miniProgram(hostOrigin: string): Promise<string> {
  const bridge: GuestBridge = connectGuest({ transport: createParentTransport({ hostOrigin }) });
  return bridge.wx.login().then((res) => res.code);
}
export function superapp(frame: HTMLIFrameElement) {
  const host = createHost({ name: 'consumer', version: '1.0.0', store: new MemoryStore() });
  host.handle('login', async (_params, ctx) => ({ code: 'code-for-' + ctx.app.appId }));
  host.handle('checkSession', () => wxFail('session time out, need relogin'));
  host.connect(createFrameTransport({ frame, origin: 'https://mp.example.com' }), { appId: 'wx1234567890', envVersion: 'release', version: '1.0.0' });
  return host;
}
export const fromScript: typeof connectGuest = wxbridge.connectGuest;
export const facts = [PROTOCOL_VERSION, Object.keys(catalogue).length, typeof FileStore, typeof createMockHost];
`;
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false, // the published declarations themselves are checked, not only their use
    skipDefaultLibCheck: true, // but not TypeScript's own lib files
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    types: [], // no @types/node: the declarations need none, even @wxbridge/host/node's
  };

  /** Starts tsc on a consumer project (both run at once; each test awaits its own). */
  function check(config: string, options: Record<string, unknown>, files: Record<string, string>): Promise<string> {
    const dir = join(project, config);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, ...options }, files: Object.keys(files) }, null, 2));
    const start = Date.now();
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: project, env: childEnv(), timeout: 90_000 }, (error, stdout, stderr) => {
        timings[`tsc ${config}`] = Date.now() - start;
        if (error && typeof error.code !== 'number') reject(error);
        else resolve(`${stdout}${stderr}`.trim() || `exit ${error ? error.code : 0}`);
      });
    });
  }

  let checks: Record<'node16' | 'bundler', Promise<string>>;
  beforeAll(() => {
    checks = {
      node16: check('node16', { module: 'node16', moduleResolution: 'node16' }, { 'consumer.mts': imports + '\n' + use, 'consumer.cts': imports + '\n' + use }),
      bundler: check('bundler', { module: 'esnext', moduleResolution: 'bundler' }, { 'consumer.ts': imports + '\n' + use }),
    };
  });

  test('module node16, moduleResolution node16: an ES module (.mts) and a CommonJS one (.cts)', async () => {
    await expect(checks.node16).resolves.toBe('exit 0');
  });

  test('module esnext, moduleResolution bundler', async () => {
    await expect(checks.bundler).resolves.toBe('exit 0');
  });
});

test(`the installed wxbridge command answers --help ${cli ? `(from ${cli.pkg.name})` : '(no public package ships it yet: none is installed)'}`, () => {
  const bin = join(project, 'node_modules', '.bin', 'wxbridge');
  if (!cli) {
    // The command still lives in a private package: nothing of it may reach users' installs.
    expect(existsSync(bin)).toBe(false);
    return;
  }
  const result = timed('wxbridge --help', () => run(bin, ['--help'], project));
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/wxbridge/);
  expect(result.stdout).toMatch(/dev/);
});

test(`the installed wxbridge dev serves a folder with an app.js on two origins ${cli ? `(from ${cli.pkg.name})` : '(no public package ships it yet)'}`, async () => {
  if (!cli) return;
  // The installed command needs nothing of this repository: no sources, no esbuild.
  const installed = join(project, 'node_modules', ...cli.pkg.name.split('/'));
  expect(existsSync(join(installed, 'src'))).toBe(false);
  expect(existsSync(join(project, 'node_modules', 'esbuild'))).toBe(false);
  const folder = join(scratch, 'my-mini-program');
  mkdirSync(folder);
  writeFileSync(join(folder, 'app.js'), "document.body.append(String(wx.getAccountInfoSync().miniProgram.appId));\n");
  const start = Date.now();
  const run = await serving(join(project, 'node_modules', '.bin', 'wxbridge'), ['dev', folder, '--port', '0', '--app-id', 'wxpacked0001'], {
    cwd: project,
    env: childEnv(),
  });
  try {
    const stdout = run.stdout();
    timings['wxbridge dev serving'] = Date.now() - start;
    const hostOrigin = /superapp \(host\) (http:\/\/\S+)/.exec(stdout)![1]!;
    const miniOrigin = /mini program {4}(http:\/\/\S+) {2}appid wxpacked0001 /.exec(stdout)![1]!;
    expect(run.url).toBe(`${hostOrigin}/`);
    expect(miniOrigin).not.toBe(hostOrigin);
    const get = async (url: string) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
    };
    const page = await get(hostOrigin + '/');
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.body).toContain(`"origin":"${miniOrigin}"`);
    expect(page.body).toContain('"appId":"wxpacked0001"');
    const hostJs = await get(hostOrigin + '/host.js');
    expect(hostJs).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(hostJs.body.length).toBeGreaterThan(10_000);
    expect(await get(hostOrigin + '/host.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect((await get(hostOrigin + '/favicon.ico')).status).toBe(200);
    const miniPage = await get(miniOrigin + '/');
    expect(miniPage.status).toBe(200);
    expect(miniPage.body.indexOf('<script src="/__wxbridge/guest.js">')).toBeGreaterThan(-1);
    expect(miniPage.body.indexOf('<script src="/__wxbridge/guest.js">')).toBeLessThan(miniPage.body.indexOf('<script src="/app.js">'));
    const guest = await get(miniOrigin + '/__wxbridge/guest.js');
    expect(guest).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(guest.body).toContain(`hostOrigin: ${JSON.stringify(hostOrigin)}`);
    expect(guest.body).not.toContain('__WXBRIDGE_HOST_ORIGIN__');
    expect((await get(miniOrigin + '/app.js')).body).toContain('getAccountInfoSync');
    // Nothing of this repository's layout in what it serves.
    for (const body of [page.body, hostJs.body, guest.body, miniPage.body]) expect(body).not.toContain(root);
    expect(await run.stop('SIGINT')).toBe(0);
    expect(run.stdout()).toMatch(/wxbridge dev: stopped \(SIGINT\)\n$/);
    expect(run.stderr()).toBe('');
  } finally {
    run.kill();
  }
});

test(`the installed wxbridge serve loads the @wxbridge/store-redis installed beside it: a redis:// store serves ${cli ? `(from ${cli.pkg.name})` : '(no public package ships it yet)'}`, async () => {
  if (!cli) return;
  // The command does not bundle the Redis store or its client: it loads the installed package.
  const bundle = readFileSync(join(project, 'node_modules', ...cli.pkg.name.split('/'), 'dist', 'cli.cjs'), 'utf8');
  expect(bundle).not.toMatch(/createClient|class RedisStore/);
  expect(existsSync(join(project, 'node_modules', 'redis', 'package.json'))).toBe(true);
  const redis = await startRedisServer();
  const folder = join(scratch, 'serve-on-redis');
  mkdirSync(folder);
  const appId = 'wxpacked0002';
  writeFileSync(join(folder, 'wxbridge.config.json'), JSON.stringify({ apps: [{ appId, secretEnv: 'WX_APP_SECRET' }], port: 0, store: `${redis.url}/0?prefix=packed:` }));
  const env = { ...childEnv(), WXBRIDGE_SECRET: 'the-packed-deployment-secret', WX_APP_SECRET: 'the-packed-app-secret' };
  const start = Date.now();
  const run = await serving(join(project, 'node_modules', '.bin', 'wxbridge'), ['serve'], { cwd: folder, env }).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  try {
    timings['wxbridge serve on Redis serving'] = Date.now() - start;
    expect(run.stdout()).toContain(`  store          ${redis.url}/0 (prefix "packed:")\n`);
    const base = / {2}open platform {2}(http:\/\/\S+)\n/.exec(run.stdout())![1]!;
    const redeemed = await fetch(`${base}/sns/jscode2session?appid=${appId}&secret=the-packed-app-secret&js_code=${'x'.repeat(32)}&grant_type=authorization_code`);
    expect(((await redeemed.json()) as { errcode: number }).errcode).toBe(40029); // answered from Redis: no such code
    expect(await run.stop('SIGINT')).toBe(0);
    expect(run.stderr()).toBe('');
  } finally {
    run.kill();
    await redis.stop();
  }
});
