/**
 * Issue 13, item 2: a code is a bearer secret, so no store key holds one. Over a real FileStore
 * folder listed by another process, and over a store whose keys can be scanned.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../src/node';
import { MemoryStore } from '@wxbridge/store';
import { onCleanup } from '../../../tooling/test-support/pair';
import { CODE_USED, openPlatform, type OpenPlatform } from '../../../tooling/test-support/open-platform';

const sha256url = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A FileStore file name back to its key (`k_` names are reversible; `h_` names are digests, shown as they are). */
function decodeFileName(name: string): string {
  if (!name.startsWith('k_')) return name;
  const encoded = name.slice(2).replace(/\.json$/, '');
  return Buffer.from(encoded.replace(/_([0-9a-f]{2})|([^_])/g, (_, hex, kept) => (hex ? String.fromCharCode(parseInt(hex, 16)) : kept)), 'latin1').toString('utf8');
}

/** Issues login and share codes and has the server redeem some of each (so tombstones exist too); returns every code. */
async function issueCodes({ sessions, redeem, redeemShare }: OpenPlatform): Promise<string[]> {
  const codes: string[] = [];
  for (const user of ['alice', 'bob', 'carol', 'dave']) codes.push((await sessions.issueCode('wx-app', user)).code);
  codes.push((await sessions.issueShareCode('wx-app', 'alice', 'phoneNumber', { phoneNumber: '+86 138 0000 0000' })).code);
  codes.push((await sessions.issueShareCode('wx-app', 'bob', 'emailAddress', { emailAddress: 'bob@example.com' })).code);
  expect(await redeem('wx-app', codes[0]!)).toHaveProperty('openid');
  expect(await redeemShare('wx-app', 'phoneNumber', codes[4]!)).toHaveProperty('phone_info');
  return codes;
}

test('a listing of a FileStore folder, by another process, shows no login or share code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxbridge-secrets-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const folder = join(dir, 'store');
  const platform = openPlatform({ apps: ['wx-app'], store: new FileStore(folder), secret: 'test-secret' });
  const codes = await issueCodes(platform);

  // What any process that can list the folder sees.
  const listing = execFileSync(process.execPath, ['-e', 'console.log(JSON.stringify(require("fs").readdirSync(process.argv[1])))', folder], {
    encoding: 'utf8',
  });
  const keys = (JSON.parse(listing) as string[]).map(decodeFileName);
  expect(keys.length).toBeGreaterThanOrEqual(codes.length);
  for (const code of codes) {
    expect(keys.filter((key) => key.includes(code))).toEqual([]);
  }
  // The records are still found by their code, and redeemed once.
  expect(await platform.redeem('wx-app', codes[1]!)).toHaveProperty('openid');
  expect(await platform.redeem('wx-app', codes[1]!)).toEqual(CODE_USED);
  expect(await platform.redeemShare('wx-app', 'emailAddress', codes[5]!)).toMatchObject({ email_info: { emailAddress: 'bob@example.com' } });
});

test('a key scan of a memory store shows no login or share code: code keys are base64url(SHA-256(code))', async () => {
  const keys = new Set<string>();
  const store = new MemoryStore();
  const set = store.set.bind(store);
  store.set = (key, value) => {
    keys.add(key);
    set(key, value);
  };
  // A redemption writes its tombstone with the take (takeAfter), not through set.
  const takeAfter = store.takeAfter.bind(store);
  store.takeAfter = (key, writes) => {
    for (const write of writes) keys.add(write.key);
    return takeAfter(key, writes);
  };
  const codes = await issueCodes(openPlatform({ apps: ['wx-app'], store, secret: 'test-secret' }));
  for (const code of codes) expect([...keys].filter((key) => key.includes(code))).toEqual([]);
  expect([...keys].filter((key) => /\/(code|used|share|shared)\//.test(key)).sort()).toEqual(
    [
      ...codes.slice(0, 4).map((code) => `wxbridge/sessions/v1/code/${sha256url(code)}`),
      `wxbridge/sessions/v1/used/${sha256url(codes[0]!)}`,
      `wxbridge/sessions/v1/share/phoneNumber/${sha256url(codes[4]!)}`,
      `wxbridge/sessions/v1/shared/phoneNumber/${sha256url(codes[4]!)}`,
      `wxbridge/sessions/v1/share/emailAddress/${sha256url(codes[5]!)}`,
    ].sort(),
  );
});
