/**
 * A Redis deployment through Redis outages: a host process, two server processes and a host in this
 * process (a mini program calling wx.login v2 through a real host and guest) share one Redis, which
 * is SIGKILLed and started again from its append-only file, then paused (SIGSTOP) and resumed.
 * During the outage the servers answer -1 system busy and the hosts fail wx.login cleanly, within
 * the store's commandTimeoutMs; afterwards nothing acknowledged is lost and work resumes with no
 * process restarted.
 */
import { SessionService } from '@wxbridge/host';
import { StoreUnavailableError } from '@wxbridge/store';
import { OpenIds } from '@wxbridge/store/records';
import { createRedisStore, RedisStoreError, type RedisStore } from '@wxbridge/store-redis';
import { makePair } from '../../tooling/test-support/pair';
import { startRedisServer, type RedisServer } from '../../tooling/test-support/redis-server';
import { eventually } from '../../tooling/test-support/store-conformance';
import {
  APP,
  SECRET,
  acked,
  bundleProcesses,
  redeemLogin,
  removeBundles,
  startHost,
  startServerProcess,
  subscribeSend,
  tokenOf,
  type DeploymentConfig,
} from './deployment';

jest.setTimeout(90_000);

const COMMAND_TIMEOUT_MS = 500;
/** What a loaded machine may add to a timer before an answer is seen. */
const SLACK_MS = 2000;
let redis: RedisServer;
let store: RedisStore;
const openIds = new OpenIds(SECRET);

beforeAll(async () => {
  bundleProcesses();
  redis = await startRedisServer();
  store = await createRedisStore({ url: redis.url, prefix: 'outage:', commandTimeoutMs: COMMAND_TIMEOUT_MS, reconnectMaxDelayMs: 200 });
});
// A failed test leaves Redis as the next one expects it: running, answering.
afterEach(async () => {
  redis.resume();
  if (!redis.running()) await redis.start();
});
afterAll(async () => {
  await store?.close();
  await redis?.stop();
  removeBundles();
});

async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await call();
  return { value, ms: Date.now() - started };
}

async function setUp() {
  const config: DeploymentConfig = { url: redis.url, prefix: 'outage:', commandTimeoutMs: COMMAND_TIMEOUT_MS, secret: SECRET, appId: APP.appId, appSecret: APP.secret };
  const [host, a, b] = await Promise.all([startHost(config), startServerProcess(config), startServerProcess(config)]);
  // The host in this process: the host's SessionService over a Redis store, wx.login v2.
  const sessions = new SessionService({ store, secret: SECRET });
  const pair = makePair(() => {}, { host: { apiVersion: { login: 'v2' }, sessions, user: () => 'in-process' }, app: { appId: APP.appId } });
  const hostErrors: unknown[] = [];
  pair.host.on('error', (info) => void hostErrors.push((info as { error: unknown }).error));
  const token = await tokenOf(a.url);
  /** The servers and both hosts work: a bogus code is answered 40029 (the store was read), the host reads a decision. */
  const working = async () =>
    (await Promise.all([a, b].map(async (server) => (await redeemLogin(server.url, 'x'.repeat(32)).catch(() => undefined))?.body.errcode === 40029))).every(Boolean) &&
    (await host.ask('decisions', 'probe')).ok &&
    (await sessions.checkSession(APP.appId, 'probe').then(() => true, () => false));
  return { host, a, b, pair, hostErrors, token, working };
}

type Deployment = Awaited<ReturnType<typeof setUp>>;

/** What fails during an outage, each call timed: a redemption and a send on the servers, wx.login on both hosts. */
async function duringOutage(d: Deployment, untried: string, openid: string) {
  const [redeem, sendOne, hostLogin, wxLogin] = await Promise.all([
    timed(() => redeemLogin(d.a.url, untried)),
    timed(() => subscribeSend(d.b.url, d.token, openid)),
    timed(() => d.host.ask('login', 'during-outage')),
    timed(() => d.pair.bridge.wx.login().then((value) => ({ resolved: value }), (error: unknown) => error)),
  ]);
  for (const { ms } of [redeem, sendOne, hostLogin, wxLogin]) expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);
  expect(redeem.value.body).toEqual({ errcode: -1, errmsg: expect.stringMatching(/^system busy, rid: /) });
  expect(sendOne.value.body).toEqual({ errcode: -1, errmsg: expect.stringMatching(/^system busy, rid: /) });
  expect(hostLogin.value).toEqual({ ok: false, text: expect.stringMatching(/^Redis store: \w+ ".*" failed: .*Redis at redis:\/\/127\.0\.0\.1:\d+/) });
  expect(wxLogin.value).toEqual({ errMsg: 'login:fail system busy, try again later', errno: 4 });
  return { redeem, sendOne, hostLogin, wxLogin };
}

test('Redis SIGKILLed and restarted from its AOF: calls fail cleanly and at once, nothing acknowledged is lost, work resumes', async () => {
  const d = await setUp();
  const users = Array.from({ length: 30 }, (_, i) => `user-${i}`);
  const codes = await Promise.all(users.map((user) => acked(d.host, 'login', user)));
  const acceptors = users.slice(0, 10);
  await Promise.all(acceptors.map((user) => acked(d.host, 'accept', user, 'tmpl-once')));
  const openids = await Promise.all(acceptors.map((user) => openIds.of(APP.appId, user)));
  for (const code of codes.slice(0, 10)) expect((await redeemLogin(d.a.url, code)).body.openid).toEqual(expect.any(String));
  for (const openid of openids.slice(0, 3)) expect((await subscribeSend(d.b.url, d.token, openid)).body.errcode).toBe(0);
  const { code: inProcess } = await d.pair.bridge.wx.login();

  await redis.kill();
  const during = await duringOutage(d, codes[10]!, openids[3]!);
  expect(d.hostErrors.some((error) => error instanceof RedisStoreError && StoreUnavailableError.is(error) && /Redis at redis:\/\/127\.0\.0\.1/.test(error.message))).toBe(true);
  await eventually(async () => [d.a, d.b].every((server) => server.lines.some((line) => line.startsWith('onError Redis store: '))), 'both servers reported the Redis error to onError');

  await redis.start();
  const restarted = Date.now();
  await eventually(d.working, 'the servers and hosts work again', 20_000);
  const resumedMs = Date.now() - restarted;
  // Nothing acknowledged lost: used codes and acceptances stay used, the others are usable exactly once.
  for (const code of codes.slice(0, 10)) expect((await redeemLogin(d.b.url, code)).body.errcode).toBe(40163);
  for (const code of codes.slice(10)) {
    expect((await redeemLogin(d.b.url, code)).body.openid).toEqual(expect.any(String));
    expect((await redeemLogin(d.a.url, code)).body.errcode).toBe(40163);
  }
  for (const openid of openids.slice(0, 3)) expect((await subscribeSend(d.a.url, d.token, openid)).body.errcode).toBe(43101);
  for (const openid of openids.slice(3)) {
    expect((await subscribeSend(d.a.url, d.token, openid)).body.errcode).toBe(0);
    expect((await subscribeSend(d.b.url, d.token, openid)).body.errcode).toBe(43101);
  }
  expect((await redeemLogin(d.a.url, inProcess)).body.openid).toBe(await openIds.of(APP.appId, 'in-process'));
  // New work: both hosts issue codes again, the servers redeem them.
  const { code: fresh } = await d.pair.bridge.wx.login();
  expect((await redeemLogin(d.b.url, fresh)).body.openid).toEqual(expect.any(String));
  expect((await redeemLogin(d.a.url, await acked(d.host, 'login', 'after-outage'))).body.openid).toEqual(expect.any(String));

  console.log(
    `Redis deployment, Redis SIGKILLed: jscode2session answered -1 system busy in ${during.redeem.ms} ms, subscribe/send -1 in ${during.sendOne.ms} ms, ` +
      `a host process's wx.login code failed in ${during.hostLogin.ms} ms ("${during.hostLogin.value.text}"), wx.login in a host answered "${(during.wxLogin.value as { errMsg: string }).errMsg}" in ${during.wxLogin.ms} ms; ` +
      `after the AOF restart every process worked again within ${resumedMs} ms with no restart, 10 redeemed codes stayed used, 20 untried redeemed once, ` +
      `3 consumed acceptances stayed consumed, 7 consumed once; lost 0`,
  );
});

test('Redis paused (hung): calls fail within commandTimeoutMs, never hang, and work resumes once it answers again', async () => {
  const d = await setUp();
  const code = await acked(d.host, 'login', 'paused-user');
  const openid = await openIds.of(APP.appId, 'paused-user');
  await acked(d.host, 'accept', 'paused-user', 'tmpl-once');
  redis.pause();
  let during: Awaited<ReturnType<typeof duringOutage>>;
  try {
    during = await duringOutage(d, code, openid);
    expect(during.redeem.ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 5);
    expect(during.hostLogin.value.text).toMatch(/did not answer within 500 ms \(commandTimeoutMs\)/);
  } finally {
    redis.resume();
  }
  await eventually(d.working, 'the servers and hosts work again', 20_000);
  // The code's redemption timed out after being sent: it may have been applied, but never twice.
  const outcomes = [await redeemLogin(d.a.url, code), await redeemLogin(d.b.url, code)].map((answer) => answer.body.errcode ?? 0);
  expect(outcomes.filter((errcode) => errcode === 0).length).toBeLessThanOrEqual(1);
  expect(outcomes[1]).toBe(40163);
  const sends = [await subscribeSend(d.a.url, d.token, openid), await subscribeSend(d.b.url, d.token, openid)].map((answer) => answer.body.errcode);
  expect(sends.filter((errcode) => errcode === 0).length).toBeLessThanOrEqual(1);
  const { code: fresh } = await d.pair.bridge.wx.login();
  expect((await redeemLogin(d.b.url, fresh)).body.openid).toEqual(expect.any(String));
  console.log(
    `Redis deployment, Redis paused: jscode2session answered -1 system busy after ${during.redeem.ms} ms, subscribe/send after ${during.sendOne.ms} ms, ` +
      `a host process's code after ${during.hostLogin.ms} ms, wx.login after ${during.wxLogin.ms} ms (commandTimeoutMs ${COMMAND_TIMEOUT_MS}); work resumed on SIGCONT`,
  );
});
