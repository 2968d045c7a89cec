/**
 * The guest's ready `<script>` build (dist/wxbridge-guest.iife.js, exported as `@wxbridge/guest/script`),
 * for webviews and pages without a bundler: loaded as a classic script into a fresh realm with no
 * browser globals, it defines `globalThis.wxbridge` and nothing else, and a mini program connected
 * through it talks to a real host. docs/install.md shows it; `npm run build` writes it.
 */
import { createHost, createPortTransport } from '@wxbridge/host';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

const root = join(__dirname, '..', '..', '..');
const guestDir = join(root, 'packages', 'guest');
const pkg = JSON.parse(readFileSync(join(guestDir, 'package.json'), 'utf8'));
const entry = pkg.exports['./script'] as { types: string; default: string };
const file = join(guestDir, entry.default);

/** Runs the script as a browser would run a classic `<script>`, in a new realm holding only `globals`. */
function loadScript(globals: Record<string, unknown> = {}): vm.Context {
  const context = vm.createContext({ ...globals });
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: 'wxbridge-guest.iife.js' });
  return context;
}

test('the guest package exports its script build, declared with side effects, and its global type', () => {
  expect(entry).toEqual({ types: './dist/wxbridge-guest.iife.d.ts', default: './dist/wxbridge-guest.iife.js' });
  expect(pkg.sideEffects).toEqual([entry.default]);
  expect(pkg.unpkg).toBe(entry.default);
  expect(existsSync(file)).toBe(true);
  expect(readFileSync(join(guestDir, entry.types), 'utf8')).toMatch(/declare global \{\s*var wxbridge: typeof guest;/);
});

test('it is minified: a licence banner, mangled code with no indentation, and its source map', () => {
  const text = readFileSync(file, 'utf8');
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe(`/*! @wxbridge/guest ${pkg.version} | MIT | defines globalThis.wxbridge */`);
  expect(lines.at(-1)).toBe('//# sourceMappingURL=wxbridge-guest.iife.js.map');
  expect(lines.filter((line) => /^\s/.test(line))).toEqual([]);
  expect(text).not.toContain('function connectGuest('); // local names are mangled; only the exported keys remain
  expect(text).toContain('connectGuest:');
  expect(existsSync(file + '.map')).toBe(true);
});

test('in a fresh realm it defines globalThis.wxbridge with connectGuest and every transport, and nothing else', () => {
  const context = loadScript();
  expect(Object.keys(context)).toEqual(['wxbridge']);
  const wxbridge = context.wxbridge as Record<string, unknown>;
  for (const name of ['connectGuest', 'createParentTransport', 'createNativeTransport', 'createPortTransport', 'detectNativeBridge']) {
    expect(typeof wxbridge[name]).toBe('function');
  }
  expect(wxbridge.SDK_VERSION).toBe(pkg.version);
  // The same names as the package's ES module: the script is the package, not a subset of it.
  expect(Object.keys(wxbridge).sort()).toEqual(Object.keys(require('@wxbridge/guest')).sort());
});

test('a mini program connected through the global talks to a real host', async () => {
  const context = loadScript({ setTimeout, clearTimeout, crypto: globalThis.crypto, console });
  const wxbridge = context.wxbridge as typeof import('@wxbridge/guest');
  const { port1, port2 } = new MessageChannel();
  const host = createHost({ name: 'script-test', version: '1.0.0' });
  host.handle('login', (_params, ctx) => ({ code: `code-for-${ctx.app.appId}` }));
  host.connect(createPortTransport(port1), { appId: 'wx1234567890', envVersion: 'release', version: '1.0.0' });
  const guest = wxbridge.connectGuest({ transport: wxbridge.createPortTransport(port2) });
  try {
    await expect(guest.wx.login()).resolves.toEqual({ code: 'code-for-wx1234567890', errMsg: 'login:ok' });
    expect(guest.wx.getAccountInfoSync().miniProgram.appId).toBe('wx1234567890');
  } finally {
    guest.dispose();
    host.dispose();
    port1.close();
    port2.close();
  }
});

test('docs/install.md shows the script tag and the global', () => {
  const doc = readFileSync(join(root, 'docs', 'install.md'), 'utf8');
  expect(doc).toContain('wxbridge-guest.iife.js');
  expect(doc).toContain('wxbridge.connectGuest(');
  expect(doc).toContain('@wxbridge/guest/script');
});
