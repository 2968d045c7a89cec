// `wxbridge serve --config wxbridge.config.json` as an operator runs it: the real command in a
// child process, called over HTTP; its config errors, each naming the field; its exit codes.
import { SessionService } from '@wxbridge/host';
import { FileStore } from '@wxbridge/store/node';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCliArgs } from '../src/cli-args';
import { DEFAULT_CONFIG_FILE, SERVE_USAGE } from '../src/serve-args';
import type { ServingCommand } from '../../tooling/test-support/serving-command';
import * as harness from './serve-harness';
import { APP, APP_SECRET, SECRET, TEMPLATES, baseConfig, baseEnv, baseOf, getJson } from './serve-harness';

jest.setTimeout(30_000);

const HASHED_APP = 'wxserve0000000002';
const FILED_APP = 'wxserve0000000003';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wxbridge-serve-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the config (and files beside it) into the test's folder. */
const writeConfig = (config: unknown, files: Record<string, { text: string; mode?: number }> = {}) => harness.writeConfig(dir, config, files);

/** The command run to its end in the config's folder. */
const serveOnce = (args: string[], env: Record<string, string> = baseEnv) => harness.serveOnce(dir, args, env);

const serving = (args: string[] = [], env: Record<string, string> = baseEnv): Promise<ServingCommand> => harness.serving(dir, args, env);

async function tokenOf(base: string, appid: string, secret: string): Promise<Record<string, unknown>> {
  return getJson(`${base}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${encodeURIComponent(secret)}`);
}

describe('wxbridge serve', () => {
  test('serves the apps of the config, secrets from the environment, a hash and a 0600 secrets file; prints its URL and health; SIGINT stops it', async () => {
    writeConfig(
      {
        apps: [
          { appId: APP, secretEnv: 'WX_APP_SECRET', templates: TEMPLATES },
          { appId: HASHED_APP, secretHash: sha256('hashed-secret') },
          { appId: FILED_APP },
        ],
        port: 0,
        secretsFile: './secrets.json',
      },
      { 'secrets.json': { text: JSON.stringify({ apps: { [FILED_APP]: 'filed-secret' } }) } },
    );
    const server = await serving();
    try {
      const base = baseOf(server);
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.url).toBe(base + '/');
      expect(server.stdout()).toBe(
        `wxbridge serve: ${DEFAULT_CONFIG_FILE}: 3 apps (${APP}, ${HASHED_APP}, ${FILED_APP})\n` +
          `  open platform  ${base}\n  health         ${base}/health\n  store          file:${join(dir, 'data')}\n\n` +
          `  Open ${base}/health to check it is up; point your backend's WeChat SDK at ${base} (its API base URL).\n\n  Ctrl-C stops it.\n`,
      );
      expect(server.stderr()).toBe('');
      expect(await getJson(`${base}/health`)).toEqual({ status: 'ok' });
      const token = await tokenOf(base, APP, APP_SECRET);
      expect(token).toEqual({ access_token: expect.any(String), expires_in: 7200 });
      expect((await tokenOf(base, HASHED_APP, 'hashed-secret')).expires_in).toBe(7200);
      expect((await tokenOf(base, FILED_APP, 'filed-secret')).expires_in).toBe(7200);
      expect((await tokenOf(base, APP, 'another-secret')).errcode).toBe(40125);
      // The templates of the config, in WeChat's shape.
      const templates = await getJson(`${base}/wxaapi/newtmpl/gettemplate?access_token=${token.access_token}`);
      expect(templates).toMatchObject({ errcode: 0, data: [{ priTmplId: 'order-shipped', type: 2, content: 'thing1:{{thing1.DATA}}\ntime2:{{time2.DATA}}\n' }, { priTmplId: 'service-notice', type: 3 }] });
      expect(await server.stop('SIGINT')).toBe(0);
      expect(server.stdout()).toMatch(/wxbridge serve: stopped \(SIGINT\)\n$/);
      await expect(fetch(`${base}/health`)).rejects.toThrow('fetch failed');
    } finally {
      server.kill();
    }
  });

  test('shares its store with a host: a code a SessionService over the same folder issued is redeemed once, under the prefix; SIGTERM stops it', async () => {
    writeConfig(baseConfig({ store: 'file:./shared', prefix: '/wx/' }));
    const server = await serving();
    try {
      const base = baseOf(server);
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wx$/);
      const sessions = new SessionService({ store: new FileStore(join(dir, 'shared')), secret: SECRET });
      const { code } = await sessions.issueCode(APP, 'user-1');
      const redeem = () => harness.redeem(base, code);
      expect(await redeem()).toEqual({ openid: await sessions.openIdOf(APP, 'user-1'), session_key: expect.any(String) });
      expect((await redeem()).errcode).toBe(40163);
      // Outside the prefix: WeChat's invalid url, saying where the routes are.
      const outside = await getJson(`${new URL(base).origin}/sns/jscode2session`);
      expect(outside).toEqual({ errcode: 40066, errmsg: "invalid url, hint: this server's routes are under /wx/ (e.g. /wx/cgi-bin/token)" });
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(server.stdout()).toMatch(/wxbridge serve: stopped \(SIGTERM\)\n$/);
    } finally {
      server.kill();
    }
  });

  test('--help prints its usage (exit 0); a folder argument or an unknown option is a usage error (exit 2)', async () => {
    expect(await serveOnce(['--help'])).toEqual({ code: 0, stdout: SERVE_USAGE + '\n', stderr: '' });
    const folder = await serveOnce(['./somewhere']);
    expect([folder.code, folder.stdout]).toEqual([2, '']);
    expect(folder.stderr).toBe(`wxbridge: wxbridge serve takes no folder; name the config file with --config ./somewhere\n\n${SERVE_USAGE}\n`);
    expect((await serveOnce(['--open'])).stderr).toMatch(/^wxbridge: unknown option --open \(wxbridge serve --help lists them\)\n/);
  });

  const configErrors: Array<[string, unknown, Record<string, { text: string; mode?: number }>, Record<string, string>, string]> = [
    ['no config file', undefined, {}, baseEnv, 'no such file; write one (docs/server.md shows an example) or name it with --config <file>'],
    ['not JSON', '{"apps": [', {}, baseEnv, 'is not valid JSON: '],
    ['a template without keywords', baseConfig({ apps: [{ appId: APP, secretEnv: 'WX_APP_SECRET', templates: [TEMPLATES[0], { ...TEMPLATES[1], keywords: [] }] }] }), {}, baseEnv,
      'apps[0].templates[1].keywords must be a non-empty array of keyword names like "thing1" (a type, then a number)'],
    ['an app secret in clear', { apps: [{ appId: APP, secret: 'in-clear' }] }, {}, baseEnv, 'apps[0].secret: secrets are never read from the config file; use secretEnv, secretHash or the secretsFile'],
    ['the deployment secret in clear', { ...baseConfig(), secret: 'in-clear' }, {}, baseEnv, 'secret: secrets are never read from the config file; use WXBRIDGE_SECRET or the secretsFile'],
    ['a secretEnv that is not set', baseConfig(), {}, { WXBRIDGE_SECRET: SECRET }, `apps[0].secretEnv: the environment variable WX_APP_SECRET is not set (it holds the secret of ${APP})`],
    ['an app with no secret', { apps: [{ appId: APP }] }, {}, baseEnv, `apps[0] (${APP}) has no secret: give "secretEnv"`],
    ['a bad secretHash', { apps: [{ appId: APP, secretHash: 'abc' }] }, {}, baseEnv, 'apps[0].secretHash must be 64 hex digits (the SHA-256 of the secret\'s UTF-8 bytes)'],
    ['no deployment secret', baseConfig(), {}, { WX_APP_SECRET: 'x' }, 'the deployment secret is missing: set WXBRIDGE_SECRET'],
    ['a short deployment secret', baseConfig(), {}, { ...baseEnv, WXBRIDGE_SECRET: 'short' }, 'the deployment secret must be at least 16 characters'],
    ['an unknown field', { ...baseConfig(), stores: 'file:./x' }, {}, baseEnv, 'the config has an unknown field "stores" (expected apps, store, port, host, prefix, secretsFile, description)'],
    ['a bad port', baseConfig({ port: 70000 }), {}, baseEnv, 'port must be a port number from 0 to 65535, not 70000'],
    ['a bad prefix', baseConfig({ prefix: 'wx' }), {}, baseEnv, 'prefix must be a path such as "/" or "/wx" (letters, digits, . _ ~ -), not "wx"'],
    ['a bad store', baseConfig({ store: 'mysql://user:pw@db' }), {}, baseEnv,
      'store must start with file: (a folder, e.g. "file:./data") or redis:// (a Redis server, e.g. "redis://127.0.0.1:6379/0?prefix=prod:"), not "mysql://…@db"'],
    ['a secrets file others can read', baseConfig({ secretsFile: 'secrets.json' }), { 'secrets.json': { text: `{"secret": "${SECRET}"}`, mode: 0o644 } }, { WX_APP_SECRET: 'x' },
      'secretsFile secrets.json can be read by other users (mode 0644); it holds secrets: chmod 600 secrets.json'],
    ['a missing secrets file', baseConfig({ secretsFile: 'nowhere.json' }), {}, baseEnv, 'secretsFile nowhere.json does not exist'],
  ];

  test.each(configErrors)('%s: exit 2, naming the file and the field', async (_what, config, files, env, message) => {
    if (config !== undefined) writeConfig(config, files);
    const result = await serveOnce(['--config', DEFAULT_CONFIG_FILE], env);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr.startsWith(`wxbridge serve: ${DEFAULT_CONFIG_FILE}: ${message}`)).toBe(true);
    expect(result.stderr.split('\n').length).toBe(2); // one line, no usage text, no stack
  });

  test('a host other machines can reach needs --expose (exit 2); a port in use or a store that cannot be opened cannot be served (exit 1)', async () => {
    writeConfig(baseConfig({ host: '0.0.0.0' }));
    const exposed = await serveOnce([]);
    expect(exposed).toEqual({
      code: 2,
      stdout: '',
      stderr: 'wxbridge serve: host 0.0.0.0 lets other machines reach the server; add --expose if you mean it (put it behind HTTPS), or use 127.0.0.1\n',
    });
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      writeConfig(baseConfig());
      const busy = await serveOnce(['--port', String(port)]);
      expect(busy).toEqual({ code: 1, stdout: '', stderr: `wxbridge serve: port ${port} is already in use; pass another with --port <n> (or PORT=<n>), or 0 for any free port\n` });
    } finally {
      taken.close();
    }
    // A store folder that cannot be made (a file is in the way): exit 1, naming the store.
    writeConfig(baseConfig({ store: 'file:./blocked' }), { blocked: { text: 'not a folder' } });
    const blocked = await serveOnce([]);
    expect([blocked.code, blocked.stdout]).toEqual([1, '']);
    expect(blocked.stderr).toMatch(new RegExp(`^wxbridge serve: cannot use the store file:${join(dir, 'blocked')}: EEXIST`));
  });
});

describe('parseCliArgs: serve', () => {
  test('the config file (default wxbridge.config.json), --port, PORT, --host, --expose', () => {
    expect(parseCliArgs(['serve'])).toEqual({ kind: 'serve', config: DEFAULT_CONFIG_FILE, expose: false });
    expect(parseCliArgs(['serve', '--config', 'conf/x.json', '--port=0'])).toEqual({ kind: 'serve', config: 'conf/x.json', port: 0, expose: false });
    expect(parseCliArgs(['serve'], { PORT: '8080' })).toEqual({ kind: 'serve', config: DEFAULT_CONFIG_FILE, port: 8080, expose: false });
    expect(parseCliArgs(['serve', '--port', '9000'], { PORT: '8080' })).toMatchObject({ port: 9000 });
    expect(parseCliArgs(['serve', '--host', '0.0.0.0', '--expose'])).toEqual({ kind: 'serve', config: DEFAULT_CONFIG_FILE, host: '0.0.0.0', expose: true });
    expect(parseCliArgs(['serve', '--help'])).toEqual({ kind: 'help', text: SERVE_USAGE });
  });

  test('--store: a folder relative to the working directory, or a Redis URL with its prefix', () => {
    expect(parseCliArgs(['serve', '--store', 'file:./elsewhere'])).toEqual({
      kind: 'serve',
      config: DEFAULT_CONFIG_FILE,
      store: { kind: 'file', folder: join(process.cwd(), 'elsewhere'), at: '--store' },
      expose: false,
    });
    expect(parseCliArgs(['serve', '--store=redis://:pw@10.0.0.5:6380/2?prefix=staging:'])).toMatchObject({
      store: { kind: 'redis', url: 'redis://:pw@10.0.0.5:6380/2?prefix=staging:', at: '--store' },
    });
  });

  test('mistakes name the option', () => {
    expect(() => parseCliArgs(['serve', '--config'])).toThrow('--config needs a path, e.g. --config wxbridge.config.json');
    expect(() => parseCliArgs(['serve', '--port', 'x'])).toThrow('--port must be a port number from 0 to 65535, not "x"');
    expect(() => parseCliArgs(['serve'], { PORT: 'http' })).toThrow('PORT must be a port number from 0 to 65535, not "http"');
    expect(parseCliArgs(['serve'], { PORT: '' })).toEqual({ kind: 'serve', config: DEFAULT_CONFIG_FILE, expose: false }); // empty: not set
    expect(() => parseCliArgs(['serve', '--host', 'example.com'])).toThrow('--host must be an IP address of this machine');
  });
});
