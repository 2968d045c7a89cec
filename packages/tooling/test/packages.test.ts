// Each published package: ESM + CJS + .d.ts behind an exports map, sideEffects false,
// and importable with no window or document (SSR, Node) without touching either.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const PACKAGES = ['protocol', 'guest', 'host'];

// Any access to a browser global at module load throws, so the import fails loudly.
const TRAP = `for (const name of ['window', 'document', 'self', 'navigator', 'location', 'parent']) {
  Object.defineProperty(globalThis, name, { configurable: true, get() { throw new Error('touched ' + name + ' at load'); } });
}`;

describe.each(PACKAGES)('@wxbridge/%s', (name) => {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

  test('declares an exports map with types, import and require, and sideEffects: false but for a <script> build', () => {
    // The guest's `<script>` build (./script) defines a global, so bundlers must keep it; nothing else has side effects.
    expect(pkg.sideEffects).toEqual(pkg.exports['./script'] ? [pkg.exports['./script'].default] : false);
    expect(pkg.license).toBe('MIT');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.cjs' });
    for (const file of Object.values(pkg.exports['.']) as string[]) expect(existsSync(join(dir, file))).toBe(true);
  });

  test('loads as CommonJS and as ESM with no browser globals, touching none of them', () => {
    const cjs = `${TRAP}; const m = require('@wxbridge/${name}'); console.log(Object.keys(m).sort().join(','));`;
    const esm = `${TRAP}; const m = await import('@wxbridge/${name}'); console.log(Object.keys(m).sort().join(','));`;
    const fromCjs = execFileSync(process.execPath, ['-e', cjs], { cwd: root, encoding: 'utf8' }).trim();
    const fromEsm = execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: root, encoding: 'utf8' }).trim();
    expect(fromCjs.length).toBeGreaterThan(0);
    expect(fromEsm.split(',')).toEqual(expect.arrayContaining(fromCjs.split(',').filter((k) => k !== 'default')));
  });
});

test('the three packages export what their guides promise', () => {
  const names = (pkg: string) =>
    execFileSync(process.execPath, ['-e', `console.log(Object.keys(require('@wxbridge/${pkg}')).join(','))`], {
      cwd: root,
      encoding: 'utf8',
    })
      .trim()
      .split(',');
  expect(names('guest')).toEqual(expect.arrayContaining(['connectGuest', 'createParentTransport', 'createPortTransport', 'SDK_VERSION']));
  expect(names('host')).toEqual(
    expect.arrayContaining(['createHost', 'Host', 'Connection', 'WxError', 'wxFail', 'wxCancel', 'createFrameTransport', 'createPortTransport']),
  );
  expect(names('protocol')).toEqual(
    expect.arrayContaining(['catalogue', 'decodeEnvelope', 'encodeEnvelope', 'validateParams', 'schemaTree', 'failResult', 'ERRNO', 'PROTOCOL_VERSION']),
  );
});
