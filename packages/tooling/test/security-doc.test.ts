// docs/security.md names, for every defence, the test file and the test that proves it: each file
// it names must exist and hold each test it names, so the map cannot rot as tests are renamed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const doc = readFileSync(join(root, 'docs', 'security.md'), 'utf8');

/** A test title as the doc quotes it, matched against the source, where numbers may be `${…}` placeholders. */
function titlePattern(title: string): RegExp {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The title must open a test (or a describe block): a mention in a comment or a skipped test does not count.
  const opening = String.raw`\b(?:test|it|describe)(?:\.each\([\s\S]*?\))?\(\s*['"\x60]`;
  return new RegExp(opening + escaped.replace(/\d+/g, '(?:\\d+|\\$\\{[^}]+\\})'));
}

/** Each `path`: “title”, “title” reference in the doc's table rows. */
function references(): Array<{ file: string; title: string }> {
  const found: Array<{ file: string; title: string }> = [];
  for (const row of doc.split('\n').filter((line) => line.startsWith('|'))) {
    let file: string | undefined;
    for (const match of row.matchAll(/`([\w./-]+\.test\.ts)`|“([^”]+)”/g)) {
      if (match[1]) file = match[1];
      else if (file) found.push({ file, title: match[2]! });
      else throw new Error(`a test named before any file: ${match[2]}`);
    }
  }
  return found;
}

test('every test file docs/security.md names exists and holds the tests it names', () => {
  const refs = references();
  expect(refs.length).toBeGreaterThan(60);
  const missing = refs.filter(({ file, title }) => {
    const path = join(root, 'packages', file);
    return !existsSync(path) || !titlePattern(title).test(readFileSync(path, 'utf8'));
  });
  expect(missing).toEqual([]);
});

test('the README links to docs/security.md', () => {
  expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('(docs/security.md)');
});
