/** Runs one of the repository's examples/ scripts as a user would (`node examples/<name>`); its output. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

export function runExample(name: string): string {
  return execFileSync(process.execPath, [join(root, 'examples', name)], { cwd: root, encoding: 'utf8', timeout: 20_000 });
}
