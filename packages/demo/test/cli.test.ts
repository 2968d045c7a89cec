// The `wxbridge` command as a developer runs it (node_modules/.bin/wxbridge), and its argument parsing.
import { execFile, spawn } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_PORT, parseCliArgs, USAGE } from '../src/cli-args';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin', 'wxbridge');
const run = promisify(execFile);

/** Runs the command to its end: exit code, stdout, stderr. */
async function wxbridge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(BIN, args, { cwd: ROOT, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('wxbridge command', () => {
  test('is linked by npm install from the demo package, and the root start script is the dev command on the sample', () => {
    expect(realpathSync(BIN)).toBe(join(ROOT, 'packages', 'demo', 'bin', 'wxbridge.mjs'));
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(scripts.start).toBe('npm run build && wxbridge dev packages/demo/mini-program');
  });

  test('--help prints the usage and exits 0', async () => {
    const { code, stdout, stderr } = await wxbridge('--help');
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: USAGE + '\n', stderr: '' });
  });

  test('a missing folder is a clear error, exit code 1', async () => {
    const { code, stdout, stderr } = await wxbridge('dev', './no-such-mini-program');
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `wxbridge dev: no mini program folder at ${join(ROOT, 'no-such-mini-program')}\n`,
    });
  });

  test('a folder without index.html or app.js, and a wrong command line, exit 1', async () => {
    const empty = await wxbridge('dev', 'packages/demo/test');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe(`wxbridge dev: ${join(ROOT, 'packages/demo/test')} has neither an index.html nor an app.js; add one of them\n`);
    const wrong = await wxbridge('serve', '.');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`wxbridge: unknown command "serve"; the command is: wxbridge dev <mini-program-folder>\n\n${USAGE}\n`);
  });

  test.each(['SIGINT', 'SIGTERM'] as const)('serves until %s, then closes the servers and exits 0', async (signal) => {
    const child = spawn(BIN, ['dev', 'packages/demo/mini-program', '--port', '0'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const serving = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (/Ctrl-C stops it/.test(stdout)) resolve();
      });
      void exited.then((code) => reject(new Error(`wxbridge exited (${code}) before serving: ${stderr}`)));
    });
    try {
      await serving;
      const url = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)![1]!;
      expect(stdout).toMatch(/\n  mini program {4}http:\/\/127\.0\.0\.1:\d+ {2}appid wxdemo0123456789 {2}packages\/demo\/mini-program\n/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-testid="mini-program-frame"');
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(stdout).toMatch(new RegExp(`wxbridge dev: stopped \\(${signal}\\)\\n$`));
      await expect(fetch(url)).rejects.toThrow('fetch failed');
    } finally {
      child.kill('SIGKILL'); // only if it is still running: a failed test leaves nothing behind
    }
  });
});

describe('parseCliArgs', () => {
  test('dev with a folder; the port from --port, --port=, PORT, or the default', () => {
    expect(parseCliArgs(['dev', 'mp'])).toEqual({ kind: 'dev', folders: ['mp'], port: DEFAULT_PORT });
    expect(parseCliArgs(['dev', 'mp', '--port', '8080'])).toEqual({ kind: 'dev', folders: ['mp'], port: 8080 });
    expect(parseCliArgs(['dev', '--port=0', 'mp'])).toEqual({ kind: 'dev', folders: ['mp'], port: 0 });
    expect(parseCliArgs(['dev', 'mp'], { PORT: '9000' })).toEqual({ kind: 'dev', folders: ['mp'], port: 9000 });
    expect(parseCliArgs(['dev', 'mp', '--port', '1'], { PORT: '9000' })).toEqual({ kind: 'dev', folders: ['mp'], port: 1 });
  });

  test('several folders: several mini programs, in the order given', () => {
    expect(parseCliArgs(['dev', 'a', '--port', '8080', 'b'])).toEqual({ kind: 'dev', folders: ['a', 'b'], port: 8080 });
  });

  test('help with no arguments, -h or --help anywhere', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['dev', '-h'])).toEqual({ kind: 'help' });
  });

  test('mistakes say what to type instead', () => {
    expect(() => parseCliArgs(['dev'])).toThrow('name the mini program folder: wxbridge dev ./my-mini-program');
    expect(() => parseCliArgs(['dev', 'mp', '--port'])).toThrow('--port must be a port number from 0 to 65534, not ""');
    expect(() => parseCliArgs(['dev', 'mp', '--port', '65535'])).toThrow('--port must be a port number from 0 to 65534, not "65535"');
    expect(() => parseCliArgs(['dev', 'mp'], { PORT: 'http' })).toThrow('PORT must be a port number from 0 to 65534, not "http"');
    expect(() => parseCliArgs(['dev', 'mp', '--open'])).toThrow('unknown option --open');
  });
});
