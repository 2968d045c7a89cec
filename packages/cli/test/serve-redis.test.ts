// `wxbridge serve` on Redis: the real command in a child process over a real redis-server (started
// by the test-support helper), sharing it with a host's SessionService on a RedisStore; Redis
// stopped under it and started again; bad Redis URLs, each naming the field; and the command
// installed without @wxbridge/store-redis beside it, which it does not bundle.
import { SessionService } from '@wxbridge/host';
import { createRedisStore, type RedisStore } from '@wxbridge/store-redis';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVE_USAGE } from '../src/serve-args';
import { startRedisServer, type RedisServer } from '../../tooling/test-support/redis-server';
import { eventually } from '../../tooling/test-support/store-conformance';
import { APP, SECRET, baseConfig, baseOf, redeem, serveOnce, serving, writeConfig } from './serve-harness';

jest.setTimeout(60_000);

/** The command's Redis store answers within its default commandTimeoutMs (2 s); a loaded machine may add this. */
const TIMEOUT_MS = 2000;
const SLACK_MS = 2000;

let redis: RedisServer;
let dir: string;
const stores: RedisStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wxbridge-serve-redis-'));
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  if (!redis.running()) await redis.start(); // a failed test leaves Redis running for the next
  rmSync(dir, { recursive: true, force: true });
});

/** A host's SessionService on a Redis store under `prefix`, as a superapp's backend runs it. */
async function hostOn(prefix: string): Promise<SessionService> {
  const store = await createRedisStore({ url: redis.url, prefix });
  stores.push(store);
  return new SessionService({ store, secret: SECRET });
}

async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await call();
  return { value, ms: Date.now() - started };
}

describe('wxbridge serve on Redis', () => {
  test('the config\'s redis:// store: a code a host issued on Redis is redeemed once; Redis stopped → -1 system busy at once; work resumes; SIGINT stops it', async () => {
    writeConfig(dir, baseConfig({ store: `${redis.url}/0?prefix=serve-a:` }));
    const server = await serving(dir);
    try {
      const base = baseOf(server);
      expect(server.stdout()).toContain(`  store          ${redis.url}/0 (prefix "serve-a:")\n`);
      const sessions = await hostOn('serve-a:');
      const { code } = await sessions.issueCode(APP, 'user-1');
      expect(await redeem(base, code)).toEqual({ openid: await sessions.openIdOf(APP, 'user-1'), session_key: expect.any(String) });
      expect((await redeem(base, code)).errcode).toBe(40163);
      const { code: untried } = await sessions.issueCode(APP, 'user-2');

      await redis.kill();
      const during = await timed(() => redeem(base, untried));
      expect(during.value).toEqual({ errcode: -1, errmsg: expect.stringMatching(/^system busy, rid: /) });
      expect(during.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      // The operator's terminal: one line naming Redis, no stack.
      await eventually(async () => /store unavailable in GET \/sns\/jscode2session/.test(server.stderr()), 'the command reported the outage');
      const reported = server.stderr().split('\n').find((line) => line.includes('store unavailable'))!;
      expect(reported).toMatch(new RegExp(`^wxbridge serve: store unavailable in GET /sns/jscode2session \\(request \\S+\\): Redis store: \\w+ ".*" failed: Redis at ${redis.url.replace(/\./g, '\\.')}/0 is unavailable`));
      expect(server.stderr()).not.toMatch(/\n\s+at /);

      await redis.start();
      await eventually(async () => (await redeem(base, 'x'.repeat(32))).errcode === 40029, 'the server answers from Redis again', 20_000);
      // The code whose redemption failed during the outage is still redeemable, once.
      expect((await redeem(base, untried)).openid).toBe(await sessions.openIdOf(APP, 'user-2'));
      expect((await redeem(base, untried)).errcode).toBe(40163);
      console.log(`wxbridge serve on Redis: Redis stopped, jscode2session answered -1 system busy in ${during.ms} ms; after its restart the failed code redeemed once`);
      expect(await server.stop('SIGINT')).toBe(0); // the Redis connection is closed: nothing keeps the process alive
      expect(server.stdout()).toMatch(/wxbridge serve: stopped \(SIGINT\)\n$/);
    } finally {
      server.kill();
    }
  });

  test('--store overrides the config\'s store: another prefix is another environment (its codes are not redeemable here)', async () => {
    writeConfig(dir, baseConfig()); // the default file:./data, overridden
    const server = await serving(dir, ['--store', `${redis.url}/0?prefix=serve-b:`]);
    try {
      const base = baseOf(server);
      expect(server.stdout()).toContain(`  store          ${redis.url}/0 (prefix "serve-b:")\n`);
      const [here, other] = await Promise.all([hostOn('serve-b:'), hostOn('serve-other:')]);
      const { code: otherCode } = await other.issueCode(APP, 'user-1');
      expect((await redeem(base, otherCode)).errcode).toBe(40029);
      const { code } = await here.issueCode(APP, 'user-1');
      expect((await redeem(base, code)).openid).toBe(await here.openIdOf(APP, 'user-1'));
      expect(await server.stop('SIGTERM')).toBe(0);
    } finally {
      server.kill();
    }
  });

  const badUrls: Array<[string, string, string]> = [
    ['no prefix (the password hidden)', 'redis://user:hunter2@127.0.0.1:6379/0',
      'must give the deployment\'s key prefix as ?prefix=, e.g. "redis://127.0.0.1:6379/0?prefix=prod:": every key the store uses starts with it, one per environment ("redis://…@127.0.0.1:6379/0" has none)'],
    ['an unknown parameter', 'redis://127.0.0.1:6379/0?prefix=p:&db=2', 'has an unknown URL parameter "db" (the only one is prefix, e.g. "redis://127.0.0.1:6379/0?prefix=prod:")'],
    ['a database that is not a number', 'redis://127.0.0.1:6379/zero?prefix=p:', ': the database (the URL\'s path) must be a number such as /0, not "/zero"'],
    ['a port out of range', 'redis://127.0.0.1:99999/0?prefix=p:', 'is not a valid URL: "redis://127.0.0.1:99999/0?prefix=p:"; expected one such as "redis://127.0.0.1:6379/0?prefix=prod:"'],
    ['no host', 'redis:///0?prefix=p:', 'must name the Redis server\'s host, e.g. "redis://127.0.0.1:6379/0?prefix=prod:", not "redis:///0?prefix=p:"'],
  ];

  test.each(badUrls)('a bad Redis URL, %s: exit 2, naming the config\'s store or --store', async (_what, url, message) => {
    writeConfig(dir, baseConfig({ store: url }));
    const inConfig = await serveOnce(dir, []);
    expect(inConfig).toEqual({ code: 2, stdout: '', stderr: `wxbridge serve: wxbridge.config.json: store${message.startsWith(':') ? '' : ' '}${message}\n` });
    writeConfig(dir, baseConfig());
    const onCommandLine = await serveOnce(dir, ['--store', url]);
    expect(onCommandLine).toEqual({ code: 2, stdout: '', stderr: `wxbridge: --store${message.startsWith(':') ? '' : ' '}${message}\n\n${SERVE_USAGE}\n` });
    expect(inConfig.stderr + onCommandLine.stderr).not.toContain('hunter2');
  });

  test('a Redis that does not answer at start: exit 1 naming it, after the connect timeout', async () => {
    writeConfig(dir, baseConfig({ store: 'redis://127.0.0.1:1/0?prefix=p:' })); // nothing listens on port 1
    const result = await serveOnce(dir, []);
    expect([result.code, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toMatch(
      /^wxbridge serve: cannot use the store redis:\/\/127\.0\.0\.1:1\/0 \(prefix "p:"\): could not connect to Redis at redis:\/\/127\.0\.0\.1:1\/0 within 5000 ms \(connectTimeoutMs\): .*ECONNREFUSED/,
    );
  });
});

describe('the command installed without @wxbridge/store-redis', () => {
  test('a redis:// store says to install it (exit 1); a file store serves as before', async () => {
    // The built command alone (its bin and dist/cli.cjs), where no node_modules holds @wxbridge/store-redis.
    const alone = join(dir, 'cli');
    const cli = join(__dirname, '..');
    for (const file of ['bin/wxbridge.cjs', 'dist/cli.cjs']) {
      mkdirSync(join(alone, file, '..'), { recursive: true });
      copyFileSync(join(cli, file), join(alone, file));
    }
    expect(readFileSync(join(alone, 'dist/cli.cjs'), 'utf8')).not.toMatch(/createClient|class RedisStore/); // neither the store nor its client bundled
    const bin = join(alone, 'bin', 'wxbridge.cjs');
    writeConfig(dir, baseConfig({ store: `${redis.url}/0?prefix=p:` }));
    expect(await serveOnce(dir, [], undefined, bin)).toEqual({
      code: 1,
      stdout: '',
      stderr: `wxbridge serve: store ${redis.url}/0 (prefix "p:"): install @wxbridge/store-redis beside @wxbridge/cli (npm install @wxbridge/store-redis)\n`,
    });
    writeConfig(dir, baseConfig());
    const server = await serving(dir, [], undefined, bin);
    try {
      expect((await redeem(baseOf(server), 'x'.repeat(32))).errcode).toBe(40029);
      expect(await server.stop('SIGINT')).toBe(0);
    } finally {
      server.kill();
    }
  });
});
