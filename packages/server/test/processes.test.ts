/**
 * Real processes sharing one FileStore folder: a host process (the host's SessionService) issues
 * wx.login codes, server processes (@wxbridge/server's Node listener) redeem them over HTTP.
 *
 * - Codes issued by the host are redeemed exactly once, even by two or four servers racing for each.
 * - A server SIGKILLed while redemptions are in flight, then restarted, loses nothing it
 *   acknowledged: every code whose redemption it answered stays used, every code acknowledged as
 *   issued and not yet tried is redeemable exactly once, a code whose redemption was cut short is
 *   never redeemable twice, and an access token it issued is still valid.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SessionService } from '@wxbridge/host';
import { FileStore } from '@wxbridge/store/node';
import { OpenIds } from '@wxbridge/store/records';
import { bundleForNode } from '../../tooling/test-support/browser-bundle';
import { startChild, type Child } from '../../tooling/test-support/children';
import { APP, SECRET, send, urlOf } from './harness';

const KILL_CYCLES = 3;
// Processes start slower on a loaded machine; each wait below is for an event, this only bounds a hang.
jest.setTimeout(60_000);
let bundles: string;
let folder: string;

beforeAll(() => {
  bundles = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-server-bundles-'));
  for (const name of ['host-process', 'server-process']) {
    fs.writeFileSync(path.join(bundles, `${name}.cjs`), bundleForNode({ entry: path.join(__dirname, 'fixtures', `${name}.ts`) }, 'cjs'));
  }
});

afterAll(() => fs.rmSync(bundles, { recursive: true, force: true }));

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-server-store-'));
});

afterEach(() => fs.rmSync(folder, { recursive: true, force: true, maxRetries: 5 }));

const startHost = () => startChild(path.join(bundles, 'host-process.cjs'), [folder, SECRET, APP.appId]);

async function startServerProcess(): Promise<{ child: Child; url: string }> {
  const child = startChild(path.join(bundles, 'server-process.cjs'), [folder, SECRET, APP.appId, APP.secret]);
  const url = await child.line((line) => /^listening (\S+)$/.exec(line)?.[1]);
  return { child, url };
}

/** Issues a code for each user through the host process; resolves once each is acknowledged. */
async function issue(host: Child, users: readonly string[]): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  for (const user of users) host.send(`issue ${user}`);
  await Promise.all(
    users.map(async (user) => codes.set(user, await host.line((line) => (line.startsWith(`issued ${user} `) ? line.split(' ')[2] : undefined)))),
  );
  return codes;
}

const redeem = (url: string, code: string) =>
  send(urlOf(url, '/sns/jscode2session', { appid: APP.appId, secret: APP.secret, js_code: code, grant_type: 'authorization_code' }));

const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

test('codes the host process issues are redeemed exactly once by two server processes racing for each', async () => {
  const host = startHost();
  await host.line((line) => (line === 'ready' ? true : undefined));
  const [a, b] = await Promise.all([startServerProcess(), startServerProcess()]);
  const codes = await issue(host, users('racer', 12));
  const openIds = new OpenIds(SECRET);
  for (const [user, code] of codes) {
    const answers = await Promise.all([redeem(a.url, code), redeem(b.url, code)]);
    const wins = answers.filter((answer) => typeof answer.body.openid === 'string');
    expect(wins).toHaveLength(1);
    expect(wins[0]!.body.openid).toBe(await openIds.of(APP.appId, user));
    expect(answers.filter((answer) => answer.body.errcode === 40163)).toHaveLength(1);
  }
  expect(a.child.stderr() + b.child.stderr()).toBe('');
});

test('a code the host issued is redeemed by exactly one of four server processes, whichever gets there first (3 rounds)', async () => {
  // Moved from the host's tests of SessionService.code2Session in several backend processes.
  const host = new SessionService({ store: new FileStore(folder), secret: SECRET });
  const servers = await Promise.all(Array.from({ length: 4 }, startServerProcess));
  for (let round = 0; round < 3; round++) {
    const { code } = await host.issueCode(APP.appId, `user-${round}`);
    const answers = await Promise.all(servers.map((server) => redeem(server.url, code)));
    expect(answers.filter((answer) => answer.body.openid === undefined).map((answer) => answer.body.errcode)).toEqual([40163, 40163, 40163]);
    expect(answers.filter((answer) => typeof answer.body.openid === 'string').map((answer) => answer.body.openid)).toEqual([await host.openIdOf(APP.appId, `user-${round}`)]);
  }
});

interface Outcome {
  acknowledged: Set<string>;
  cutShort: Set<string>;
  untried: Set<string>;
}

/** Redeems `codes` through `url`, several at a time, and SIGKILLs the server once `killAfter` were answered. */
async function redeemUntilKilled(server: Child, url: string, codes: string[], killAfter: number): Promise<Outcome> {
  const outcome: Outcome = { acknowledged: new Set(), cutShort: new Set(), untried: new Set(codes) };
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < codes.length && !killed) {
      const code = codes[next++]!;
      outcome.untried.delete(code);
      try {
        const answer = await redeem(url, code);
        if (typeof answer.body.openid !== 'string') throw new Error(`a fresh code was refused: ${JSON.stringify(answer.body)}`);
        outcome.acknowledged.add(code);
        if (outcome.acknowledged.size === killAfter) killed = server.process.kill('SIGKILL');
      } catch (error) {
        if (!killed) throw error;
        outcome.cutShort.add(code);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  await server.exited;
  return outcome;
}

test(`a server SIGKILLed mid-request and restarted loses nothing it acknowledged (${KILL_CYCLES} cycles)`, async () => {
  const host = startHost();
  await host.line((line) => (line === 'ready' ? true : undefined));
  let server = await startServerProcess();
  const token = (await send(urlOf(server.url, '/cgi-bin/token', { grant_type: 'client_credential', appid: APP.appId, secret: APP.secret }))).body.access_token as string;
  expect(token).toEqual(expect.any(String));
  let cutShort = 0;
  for (let cycle = 0; cycle < KILL_CYCLES; cycle++) {
    const codes = [...(await issue(host, users(`cycle${cycle}`, 30))).values()];
    const outcome = await redeemUntilKilled(server.child, server.url, codes, 8 + cycle * 3);
    expect(server.child.process.signalCode).toBe('SIGKILL');
    expect(outcome.acknowledged.size).toBeGreaterThanOrEqual(8);
    cutShort += outcome.cutShort.size;
    server = await startServerProcess();
    for (const code of outcome.acknowledged) expect((await redeem(server.url, code)).body.errcode).toBe(40163);
    for (const code of outcome.untried) {
      expect((await redeem(server.url, code)).body.openid).toEqual(expect.any(String));
      expect((await redeem(server.url, code)).body.errcode).toBe(40163);
    }
    for (const code of outcome.cutShort) {
      const first = await redeem(server.url, code);
      expect(typeof first.body.openid === 'string' || first.body.errcode === 40163).toBe(true);
      expect((await redeem(server.url, code)).body.errcode).toBe(40163);
    }
    const check = await send(urlOf(server.url, '/wxaapi/newtmpl/gettemplate', { access_token: token }));
    expect(check.body.errcode).toBe(0);
  }
  // Six redemptions run at once, so each kill lands with some in flight.
  expect(cutShort).toBeGreaterThan(0);
});
