/**
 * Issue 13, item 12: a SessionService over a persistent store needs a secret, or every restart
 * would give every user a new openid. Two lives of a real host process over one FileStore folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from '../../../tooling/test-support/browser-bundle';
import { SessionService } from '../../src/store/sessions';
import { MemoryStore, createWebStorageStore, type WebStorage } from '@wxbridge/store';
import { onCleanup } from '../../../tooling/test-support/pair';

const NAMES_THE_OPTION = /SessionService: this store is persistent, so the option `secret` is required/;

function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'wxbridge-secret-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'bundle.cjs');
  const code = "export { FileStore } from './src/node'; export { SessionService } from './src/store/sessions';";
  writeFileSync(bundle, bundleForNode({ code, resolveDir: join(__dirname, '../..') }, 'cjs'));
  return { bundle, folder: join(dir, 'store') };
}

/** One life of the host process: its exit status, the openid it printed, what it said on stderr. */
function life(bundle: string, folder: string, secret?: string) {
  const args = [join(__dirname, 'fixtures', 'sessions-restart.cjs'), bundle, folder, ...(secret === undefined ? [] : [secret])];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { status: run.status, openid: run.status === 0 ? (JSON.parse(run.stdout) as { openid: string }).openid : undefined, stderr: run.stderr };
}

test('a host process over a FileStore with no secret refuses to start, naming the option; with one, openids survive a restart', () => {
  const { bundle, folder } = scratch();
  const unset = [life(bundle, folder), life(bundle, folder)];
  expect(unset.map((run) => run.status)).toEqual([1, 1]);
  for (const run of unset) expect(run.stderr).toMatch(NAMES_THE_OPTION);

  const kept = [life(bundle, folder, 'from-config'), life(bundle, folder, 'from-config')];
  expect(kept.map((run) => run.status)).toEqual([0, 0]);
  expect(kept[1]!.openid).toBe(kept[0]!.openid);
}, 30_000);

test('the same for a web-storage store; a memory store (not persistent) may go without a secret', () => {
  const items = new Map<string, string>();
  const storage: WebStorage = {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
  expect(() => new SessionService({ store: createWebStorageStore(storage) })).toThrow(NAMES_THE_OPTION);
  expect(() => new SessionService({ store: createWebStorageStore(storage), secret: 'from-config' })).not.toThrow();
  expect(() => new SessionService({ store: new MemoryStore() })).not.toThrow();
  expect(() => new SessionService()).not.toThrow();
});
