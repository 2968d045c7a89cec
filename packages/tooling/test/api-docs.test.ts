/**
 * docs/api.md is generated from the catalogue by packages/tooling/gen-api-docs.mjs.
 * The generator is an ES module, so it runs as a child process (`--check`)
 * rather than being imported into this CommonJS test.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiNames } from '@wxbridge/protocol';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'packages', 'tooling', 'gen-api-docs.mjs');
const apiDocs = join(root, 'docs', 'api.md');

describe('docs/api.md', () => {
  test('is what the generator writes from the current catalogue', () => {
    let output = '';
    let failed = false;
    try {
      output = execFileSync(process.execPath, [script, '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      output = `${stdout ?? ''}${stderr ?? ''}` || String(error);
      failed = true;
    }
    if (failed) throw new Error(output.trim() + '\n(run `npm run docs:api` and commit docs/api.md)');
    expect(output).toContain('up to date');
  }, 30_000);

  test('has a section for every API in the catalogue', () => {
    const text = readFileSync(apiDocs, 'utf8');
    const headings = new Set(text.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3).trim()));
    const names = apiNames();
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !headings.has(name))).toEqual([]);
  });
});
