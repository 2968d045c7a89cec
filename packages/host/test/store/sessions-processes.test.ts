// Several backend processes share login codes through a real shared store (a FileStore folder):
// a code the host issued is redeemed exactly once, whichever process gets there first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from '../../../tooling/test-support/browser-bundle';
import { SessionService } from '../../src/store/sessions';
import { FileStore } from '../../src/node';
import { onCleanup } from '../../../tooling/test-support/pair';

const REDEEMERS = 4;

function startRedeemer(bundle: string, folder: string, appId: string, code: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(__dirname, 'fixtures', 'sessions-redeemer.cjs'), bundle, folder, 'shared-secret', appId, code],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  onCleanup(() => void child.kill('SIGKILL'));
  let out = '';
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', (d) => (out += d) && out.includes('ready') && resolve()));
  const result = new Promise<unknown>((resolve, reject) => {
    child.on('exit', (status) => (status === 0 ? resolve(JSON.parse(out.split('\n')[1]!)) : reject(new Error('exit ' + status))));
  });
  return { child, ready, result };
}

test('a code issued by the host is redeemed by exactly one of several backend processes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxbridge-sessions-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'bundle.cjs');
  const code = "export { FileStore } from './src/node'; export { SessionService } from './src/store/sessions';";
  writeFileSync(bundle, bundleForNode({ code, resolveDir: join(__dirname, '../..') }, 'cjs'));
  const folder = join(dir, 'store');
  const host = new SessionService({ store: new FileStore(folder), secret: 'shared-secret' });

  for (let round = 0; round < 3; round++) {
    const { code } = await host.issueCode('wx-shared', 'user-' + round);
    const redeemers = Array.from({ length: REDEEMERS }, () => startRedeemer(bundle, folder, 'wx-shared', code));
    await Promise.all(redeemers.map((r) => r.ready));
    for (const r of redeemers) r.child.stdin!.write('go\n');
    const results = (await Promise.all(redeemers.map((r) => r.result))) as Array<{ openid?: string; errcode?: number }>;
    expect(results.filter((r) => typeof r.openid === 'string')).toHaveLength(1);
    expect(results.filter((r) => r.errcode === 40163)).toHaveLength(REDEEMERS - 1);
  }
}, 60_000);
