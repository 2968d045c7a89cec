// The code examples of the README and docs/mock-panel.md are the files under examples/, and the quick start really runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExample } from '../test-support/run-example';

const root = join(__dirname, '..', '..', '..');

/** The `<!-- example: file -->` code blocks of a Markdown file. */
function examplesIn(markdown: string): Array<{ file: string; code: string }> {
  const text = readFileSync(join(root, markdown), 'utf8');
  const pattern = /<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g;
  return [...text.matchAll(pattern)].map((m) => ({ file: m[1]!, code: m[2]! }));
}

describe('README examples', () => {
  test('every example block in the README is exactly the file it names', () => {
    const examples = examplesIn('README.md');
    expect(examples.map((e) => e.file)).toEqual(['examples/host.mjs', 'examples/superapp-host.mjs', 'examples/guest.mjs']);
    for (const { file, code } of examples) expect(code).toBe(readFileSync(join(root, file), 'utf8'));
  });

  test('the quick start (examples/quick-start.mjs) prints a real exchange and exits', () => {
    const output = runExample('quick-start.mjs');
    expect(output).toContain('host: wx1234567890 calls login({})');
    expect(output).toContain('"code":"code-for-wx1234567890","expiresIn":300,"errMsg":"login:ok"');
    expect(output).toContain('mini program: checkSession → checkSession:fail session time out, need relogin');
    expect(output).toContain('mini program: getUserInfo → getUserInfo:fail not supported 100');
    expect(output).toContain('mini program: I am wx1234567890; my login code is code-for-wx1234567890');
  });
});

describe('docs/mock-panel.md example', () => {
  // mock-host-example.test.ts runs it as the Jest test it is.
  test('its example block is exactly the file it names', () => {
    const examples = examplesIn('docs/mock-panel.md');
    expect(examples.map((e) => e.file)).toEqual(['examples/mock-host.test.mjs']);
    for (const { file, code } of examples) expect(code).toBe(readFileSync(join(root, file), 'utf8'));
  });
});
