// The `wxbridge` command as a developer runs it (node_modules/.bin/wxbridge), and its argument parsing.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, parseCliArgs, USAGE } from '../src/cli-args';
import { originHostname } from '../src/site-server';
import { serving as startServing } from '../../tooling/test-support/serving-command';

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

/** The command serving until `stop()`: what it printed once it said "Ctrl-C stops it". */
const serving = (...args: string[]) => startServing(BIN, args, { cwd: ROOT });

describe('wxbridge command', () => {
  test('is linked by npm install from @wxbridge/cli, and the root start script is the dev command on the sample', () => {
    expect(realpathSync(BIN)).toBe(join(ROOT, 'packages', 'cli', 'bin', 'wxbridge.cjs'));
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(scripts.start).toBe('npm run build && wxbridge dev packages/cli/mini-program');
  });

  test('--help prints the usage and exits 0; no arguments at all print it on stderr and exit 2', async () => {
    const { code, stdout, stderr } = await wxbridge('--help');
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: USAGE + '\n', stderr: '' });
    expect(await wxbridge()).toEqual({ code: 2, stdout: '', stderr: USAGE + '\n' });
  });

  test('a missing folder is a clear error, exit code 1', async () => {
    const { code, stdout, stderr } = await wxbridge('dev', './no-such-mini-program');
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `wxbridge dev: no mini program folder at ${join(ROOT, 'no-such-mini-program')}\n`,
    });
  });

  test('a folder without index.html or app.js exits 1; a wrong command line exits 2', async () => {
    const empty = await wxbridge('dev', 'packages/cli/test');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe(`wxbridge dev: ${join(ROOT, 'packages/cli/test')} has neither an index.html nor an app.js; add one of them\n`);
    const wrong = await wxbridge('start', '.');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`wxbridge: unknown command "start"; the commands are: wxbridge dev <mini-program-folder>, wxbridge serve --config <file>\n\n${USAGE}\n`);
  });

  test('--app-id with several folders, and --host 0.0.0.0 without --expose, exit 2 and say why', async () => {
    const several = await wxbridge('dev', 'a', 'b', '--app-id', 'wxmine');
    expect([several.code, several.stdout]).toEqual([2, '']);
    expect(several.stderr).toMatch(/^wxbridge: --app-id names the app of one mini program, and 2 folders are given; give each folder its own appid in its project.config.json\n\nUsage/);
    const open = await wxbridge('dev', 'packages/cli/mini-program', '--host', '0.0.0.0');
    expect([open.code, open.stdout]).toEqual([2, '']);
    expect(open.stderr).toMatch(/^wxbridge: --host 0\.0\.0\.0 lets other machines open the superapp and read your mini program folders \(no login, mock answers\); add --expose if you mean it, or leave --host out for 127\.0\.0\.1\n/);
  });

  test.each(['SIGINT', 'SIGTERM'] as const)('serves until %s with the open-platform server and the sample\'s backend, then closes them all and exits 0', async (signal) => {
    const data = mkdtempSync(join(tmpdir(), 'wxbridge-cli-data-'));
    const run = await serving('dev', 'packages/cli/mini-program', '--port', '0', '--data', data);
    try {
      // On loopback, with the sample's project.config.json appid: nothing to warn about.
      expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const lines = new RegExp(
        '\\n  mini program {4}http://127\\.0\\.0\\.1:\\d+ {2}appid wxdemo0123456789 {2}packages/cli/mini-program\\n' +
          `  open platform {3}(http://127\\.0\\.0\\.1:\\d+) {2}health \\1/health {2}data ${data}\\n` +
          '  backend {9}(http://127\\.0\\.0\\.1:\\d+) {2}appid wxdemo0123456789 {2}backend/server\\.mjs\\n\\n  Open ',
      ).exec(run.stdout());
      expect(lines).not.toBeNull();
      expect(run.stderr()).toBe('');
      const page = await fetch(run.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-testid="mini-program-frame"');
      expect(await (await fetch(`${lines![1]}/health`)).json()).toEqual({ status: 'ok' });
      // The backend answers its routes (here: a code that was never issued is WeChat's 40029, through the server).
      const login = await fetch(`${lines![2]}/login`, { method: 'POST', body: JSON.stringify({ code: 'never-issued' }) });
      expect(await login.json()).toEqual({ errcode: 40029, errmsg: expect.stringMatching(/^invalid code/) });
      expect(await run.stop(signal)).toBe(0);
      expect(run.stdout()).toMatch(new RegExp(`wxbridge dev: stopped \\(${signal}\\)\\n$`));
      for (const url of [run.url, lines![1]!, lines![2]!]) await expect(fetch(url)).rejects.toThrow('fetch failed');
    } finally {
      run.kill();
      rmSync(data, { recursive: true, force: true });
    }
  });

  test('keeps its data in .wxbridge in the current folder unless --data says otherwise', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'wxbridge-cli-cwd-'));
    writeFileSync(join(cwd, 'app.js'), 'wx.login();\n');
    const run = await startServing(BIN, ['dev', '.', '--port', '0'], { cwd });
    try {
      expect(run.stdout()).toContain(`  data ${join(realpathSync(cwd), '.wxbridge')}\n`);
      expect(readFileSync(join(cwd, '.wxbridge', 'deployment-secret'), 'utf8')).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
      expect(await run.stop()).toBe(0);
    } finally {
      run.kill();
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  describe("on a developer's folder", () => {
    let folder: string;
    let data: string;
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'wxbridge-cli-'));
      writeFileSync(join(folder, 'app.js'), 'wx.login();\n');
      data = mkdtempSync(join(tmpdir(), 'wxbridge-cli-data-'));
    });
    afterAll(() => {
      rmSync(folder, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    });

    const appIdOfPage = async (url: string) =>
      JSON.parse(/id="demo-config">([^<]*)</.exec(await (await fetch(url)).text())![1]!).apps[0].app.appId as string;

    test('without a project.config.json: the made-up appid is printed, with how to choose one; --app-id chooses it', async () => {
      const madeUp = await serving('dev', folder, '--port', '0', '--data', data);
      try {
        const appId = /appid (wxdev[0-9a-f]{13}) {2}/.exec(madeUp.stdout())![1]!;
        expect(madeUp.stdout()).toContain(
          `\n  ${folder} has no appid in a project.config.json: ${appId} is made up from its path (the same at every run); choose one with --app-id <id> or in its project.config.json\n`,
        );
        expect(await appIdOfPage(madeUp.url)).toBe(appId);
      } finally {
        madeUp.kill();
      }
      const chosen = await serving('dev', folder, '--port=0', '--app-id', 'wxchosen000000001', '--data', data);
      try {
        expect(chosen.stdout()).toMatch(/ {2}appid wxchosen000000001 {2}/);
        expect(chosen.stdout()).not.toContain('made up');
        expect(await appIdOfPage(chosen.url)).toBe('wxchosen000000001');
      } finally {
        chosen.kill();
      }
    });

    test('--host 0.0.0.0 --expose: a warning on stderr, and the origins named by an address other machines can open', async () => {
      const exposed = await serving('dev', folder, '--port', '0', '--host', '0.0.0.0', '--expose', '--data', data);
      try {
        expect(exposed.stderr()).toBe(
          'wxbridge dev: WARNING: listening on 0.0.0.0 (--expose): anyone who can reach this machine can open the superapp, ' +
            'read every file of the mini program folders, call the mock host and read the demo\'s deployment secret and store token from the page. There is no login. Use it on a network you trust only.\n',
        );
        expect(new URL(exposed.url).hostname).toBe(originHostname('0.0.0.0'));
        expect((await fetch(exposed.url)).status).toBe(200);
        expect(await exposed.stop()).toBe(0);
      } finally {
        exposed.kill();
      }
    });
  });
});

describe('parseCliArgs', () => {
  const devDefaults = { kind: 'dev', folders: [], port: DEFAULT_PORT, host: '127.0.0.1', expose: false, data: DEFAULT_DATA_DIR };

  test('dev with a folder; the port from --port, --port=, PORT, or the default', () => {
    expect(parseCliArgs(['dev', 'mp'])).toEqual({ ...devDefaults, folders: ['mp'], port: DEFAULT_PORT });
    expect(parseCliArgs(['dev', 'mp', '--port', '8080'])).toEqual({ ...devDefaults, folders: ['mp'], port: 8080 });
    expect(parseCliArgs(['dev', '--port=0', 'mp'])).toEqual({ ...devDefaults, folders: ['mp'], port: 0 });
    expect(parseCliArgs(['dev', 'mp'], { PORT: '9000' })).toEqual({ ...devDefaults, folders: ['mp'], port: 9000 });
    expect(parseCliArgs(['dev', 'mp', '--port', '1'], { PORT: '9000' })).toEqual({ ...devDefaults, folders: ['mp'], port: 1 });
  });

  test('--data names the open-platform server\'s folder (default .wxbridge)', () => {
    expect(parseCliArgs(['dev', 'mp', '--data', 'tmp/wx'])).toEqual({ ...devDefaults, folders: ['mp'], data: 'tmp/wx' });
    expect(parseCliArgs(['dev', '--data=/var/wx', 'mp'])).toEqual({ ...devDefaults, folders: ['mp'], data: '/var/wx' });
    expect(() => parseCliArgs(['dev', 'mp', '--data'])).toThrow('--data needs a path, e.g. --data .wxbridge');
  });

  test('several folders: several mini programs, in the order given', () => {
    expect(parseCliArgs(['dev', 'a', '--port', '8080', 'b'])).toEqual({ ...devDefaults, folders: ['a', 'b'], port: 8080 });
  });

  test('the usage with no arguments (exit 2), help with -h or --help anywhere (exit 0)', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'usage' });
    expect(parseCliArgs(['dev', '-h'])).toEqual({ kind: 'help', text: USAGE });
    expect(parseCliArgs(['dev', 'mp', '--help'])).toEqual({ kind: 'help', text: USAGE });
  });

  test('--app-id for one folder; --host, loopback unless --expose', () => {
    expect(parseCliArgs(['dev', 'mp', '--app-id', 'wxmine'])).toEqual({ ...devDefaults, folders: ['mp'], appId: 'wxmine' });
    expect(parseCliArgs(['dev', '--app-id=wx_a-1', 'mp'])).toEqual({ ...devDefaults, folders: ['mp'], appId: 'wx_a-1' });
    expect(parseCliArgs(['dev', 'mp', '--host', '::1'])).toEqual({ ...devDefaults, folders: ['mp'], host: '::1' });
    expect(parseCliArgs(['dev', 'mp', '--host=localhost'])).toEqual({ ...devDefaults, folders: ['mp'], host: 'localhost' });
    expect(parseCliArgs(['dev', 'mp', '--host', '0.0.0.0', '--expose'])).toEqual({ ...devDefaults, folders: ['mp'], host: '0.0.0.0', expose: true });
    expect(parseCliArgs(['dev', '--expose', 'mp', '--host', '192.168.1.20'])).toEqual({ ...devDefaults, folders: ['mp'], host: '192.168.1.20', expose: true });
    // --expose alone changes nothing: the servers stay on loopback.
    expect(parseCliArgs(['dev', 'mp', '--expose'])).toEqual({ ...devDefaults, folders: ['mp'], expose: true });
  });

  test('mistakes say what to type instead', () => {
    expect(() => parseCliArgs(['dev', 'a', 'b', '--app-id', 'wxone'])).toThrow(
      '--app-id names the app of one mini program, and 2 folders are given; give each folder its own appid in its project.config.json',
    );
    expect(() => parseCliArgs(['dev', 'mp', '--app-id'])).toThrow('--app-id must be 1 to 128 letters, digits, _ or -, not ""');
    expect(() => parseCliArgs(['dev', 'mp', '--app-id', '../wx'])).toThrow('--app-id must be 1 to 128 letters, digits, _ or -, not "../wx"');
    expect(() => parseCliArgs(['dev', 'mp', '--host', 'example.com'])).toThrow(
      '--host must be an IP address of this machine (127.0.0.1, ::1, 0.0.0.0 for every interface, …), not "example.com"',
    );
    expect(() => parseCliArgs(['dev', 'mp', '--host'])).toThrow('--host must be an IP address of this machine');
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      expect(() => parseCliArgs(['dev', 'mp', '--host', host])).toThrow(
        `--host ${host} lets other machines open the superapp and read your mini program folders (no login, mock answers); add --expose if you mean it, or leave --host out for 127.0.0.1`,
      );
    }
    expect(() => parseCliArgs(['dev'])).toThrow('name the mini program folder: wxbridge dev ./my-mini-program');
    expect(() => parseCliArgs(['dev', 'mp', '--port'])).toThrow('--port must be a port number from 0 to 65534, not ""');
    expect(() => parseCliArgs(['dev', 'mp', '--port', '65535'])).toThrow('--port must be a port number from 0 to 65534, not "65535"');
    expect(() => parseCliArgs(['dev', 'mp'], { PORT: 'http' })).toThrow('PORT must be a port number from 0 to 65534, not "http"');
    expect(() => parseCliArgs(['dev', 'mp', '--open'])).toThrow('unknown option --open');
  });
});
