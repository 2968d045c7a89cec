// The pages for using wxbridge outside this repository (issue 14, item 7): docs/react-native.md,
// docs/native-hosts.md and docs/backend.md. The backend's example is the file it names and really
// runs; every repository path the pages name exists; the README and docs/install.md link them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocPaths } from '../test-support/doc-paths';
import { runExample } from '../test-support/run-example';

const root = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const pages = ['docs/react-native.md', 'docs/native-hosts.md', 'docs/backend.md'];

test('the example block of docs/backend.md is exactly examples/login-backend.mjs', () => {
  const blocks = [...read('docs/backend.md').matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g)];
  expect(blocks.map((m) => m[1])).toEqual(['examples/login-backend.mjs']);
  expect(blocks[0]![2]).toBe(read('examples/login-backend.mjs'));
});

test('the login round trip runs: a code redeemed once over HTTP, for the openid the host computes', () => {
  const output = runExample('login-round-trip.mjs');
  expect(output).toContain('mini program: wx.login gave a code of 32 characters');
  expect(output).toContain('backend: POST /login → 200, a token of 32 characters');
  expect(output).toContain("backend: the user's openid is the host's: true");
  expect(output).toContain('backend: the same code again → 401 {"errcode":40163,"error":"code been used"}');
  expect(output).toContain('backend: a made-up code → 401 {"errcode":40029,"error":"invalid code"}');
  // docs/backend.md shows this output as it is.
  for (const line of output.trim().split('\n')) expect(read('docs/backend.md')).toContain(line);
});

test.each(pages)('every repository path %s names exists', (page) => {
  const { named, missing } = checkDocPaths(root, page);
  expect(named.length).toBeGreaterThan(0);
  expect(missing).toEqual([]);
});

test('the README and docs/install.md link the three pages', () => {
  for (const page of pages) expect(read('README.md')).toContain(`](${page})`);
  for (const page of pages) expect(read('docs/install.md')).toContain(`](${page.replace('docs/', '')}`);
});
