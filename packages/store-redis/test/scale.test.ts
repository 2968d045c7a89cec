/**
 * Many hosts and many servers on one Redis, as real processes: 4 host processes issue login and
 * phone codes for 200 users while 4 server processes redeem them over HTTP, two servers racing for
 * each code; one-time acceptances recorded by host processes are consumed by concurrent
 * subscribe/send calls from different server processes, exactly as many as were accepted.
 */
import { createClient } from 'redis';
import { OpenIds } from '@wxbridge/store/records';
import { eventually } from '../../tooling/test-support/store-conformance';
import {
  APP,
  LONG_TERM,
  SECRET,
  acked,
  deliveries,
  inBatches,
  phoneOf,
  redeemLogin,
  redeemPhone,
  startHost,
  startServerProcess,
  subscribeSend,
  tokenOf,
  type DeploymentConfig,
  useDeployment,
} from './deployment';

// Each wait is for an event; this only bounds a hang on a loaded machine.
jest.setTimeout(90_000);

const USERS = 200;
const PROCESSES = 4;
const deployment = useDeployment();
const openIds = new OpenIds(SECRET);


const configFor = (prefix: string): DeploymentConfig => deployment.config(prefix);

async function startProcesses(prefix: string) {
  const config = configFor(prefix);
  const [hosts, servers] = await Promise.all([
    Promise.all(Array.from({ length: PROCESSES }, () => startHost(config))),
    Promise.all(Array.from({ length: PROCESSES }, () => startServerProcess(config))),
  ]);
  return { hosts, servers, token: await tokenOf(servers[0]!.url) };
}

const tally = (answers: Array<{ body: Record<string, any> }>, won: (body: Record<string, any>) => boolean) => ({
  won: answers.filter((answer) => won(answer.body)).length,
  used: answers.filter((answer) => answer.body.errcode === 40163).length,
  other: answers.filter((answer) => !won(answer.body) && answer.body.errcode !== 40163).map((answer) => answer.body),
});

test(`${PROCESSES} host processes issue login and phone codes for ${USERS} users while ${PROCESSES} server processes redeem each twice at once`, async () => {
  const { hosts, servers, token } = await startProcesses('scale:');
  const users = Array.from({ length: USERS }, (_, i) => `u-${i}`);
  const issued: Array<{ user: string; login: string; phone: string }> = [];
  // Per user: its host issues both codes; once each is acknowledged, two different servers race to redeem it.
  const flows = users.map((user, i) => async () => {
    const host = hosts[i % PROCESSES]!;
    const [a, b] = [servers[i % PROCESSES]!, servers[(i + 1) % PROCESSES]!];
    const [login, phone] = await Promise.all([acked(host, 'login', user), acked(host, 'phone', user)]);
    issued.push({ user, login, phone });
    const [logins, phones] = await Promise.all([
      Promise.all([redeemLogin(a.url, login), redeemLogin(b.url, login)]),
      Promise.all([redeemPhone(a.url, token, phone), redeemPhone(b.url, token, phone)]),
    ]);
    const openid = await openIds.of(APP.appId, user);
    return {
      login: tally(logins, (body) => body.openid === openid && typeof body.session_key === 'string'),
      phone: tally(phones, (body) => body.errcode === 0 && body.phone_info?.purePhoneNumber === phoneOf(user)),
    };
  });
  const started = Date.now();
  const results = await inBatches(flows, 50);
  const seconds = (Date.now() - started) / 1000;
  const outcomes = results.flatMap((result) => [result.login, result.phone]);
  expect(outcomes.flatMap((outcome) => outcome.other)).toEqual([]);
  expect(outcomes.filter((outcome) => outcome.won !== 1 || outcome.used !== 1)).toEqual([]);

  // Nothing lost, nothing redeemable twice: a third try of every code, at a third server, is 40163.
  const third = await inBatches(
    issued.flatMap(({ login, phone }, i) => {
      const url = servers[(i + 2) % PROCESSES]!.url;
      return [() => redeemLogin(url, login), () => redeemPhone(url, token, phone)];
    }),
    50,
  );
  expect(third.filter((answer) => answer.body.errcode !== 40163).map((answer) => answer.body)).toEqual([]);

  // A listing of the deployment's keys reveals no code: codes are kept under their hash.
  const raw = createClient({ url: deployment.redis.url });
  await raw.connect();
  const keys = await raw.keys('scale:*');
  await raw.close();
  const codes = new Set(issued.flatMap(({ login, phone }) => [login, phone]));
  expect(keys.length).toBeGreaterThan(codes.size);
  expect(keys.filter((key) => [...codes].some((code) => key.includes(code)))).toEqual([]);
  for (const process of [...hosts, ...servers]) expect(process.child.stderr()).toBe('');

  console.log(
    `Redis deployment, ${PROCESSES} hosts + ${PROCESSES} servers: codes issued ${codes.size} (${USERS} login + ${USERS} phone), ` +
      `redeemed exactly once ${outcomes.filter((outcome) => outcome.won === 1).length}, double redemptions refused (40163) ${outcomes.length + third.length}, ` +
      `lost 0, in ${seconds.toFixed(1)} s; keys holding a code: 0 of ${keys.length}`,
  );
});

test('one-time acceptances are consumed by exactly as many of 8 concurrent subscribe/send calls from 4 server processes; a long-term one by none', async () => {
  const { hosts, servers, token } = await startProcesses('accept:');
  const once = Array.from({ length: 10 }, (_, i) => `once-${i}`);
  // Host processes record the acceptances (one each; three for `thrice`, from three hosts at once).
  await Promise.all(once.map((user, i) => acked(hosts[i % PROCESSES]!, 'accept', user, 'tmpl-once')));
  await Promise.all([0, 1, 2].map((i) => acked(hosts[i]!, 'accept', 'thrice', 'tmpl-once')));
  await acked(hosts[3]!, 'longterm', 'weekly', LONG_TERM);

  const race = async (user: string, template?: string) => {
    const openid = await openIds.of(APP.appId, user);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, k) => subscribeSend(servers[k % PROCESSES]!.url, token, openid, template)));
    return answers.map((answer) => answer.body.errcode as number);
  };
  const [onceResults, thrice, weekly] = await Promise.all([Promise.all(once.map((user) => race(user))), race('thrice'), race('weekly', LONG_TERM)]);
  for (const errcodes of onceResults) expect(errcodes.sort()).toEqual([0, ...Array(7).fill(43101)]);
  expect(thrice.sort()).toEqual([0, 0, 0, ...Array(5).fill(43101)]);
  expect(weekly).toEqual(Array(8).fill(0));
  const consumed = once.length + 3;
  await eventually(async () => deliveries(servers).length === consumed + 8, `${consumed + 8} deliveries were printed`);
  for (const process of [...hosts, ...servers]) expect(process.child.stderr()).toBe('');

  const sends = (once.length + 2) * 8;
  console.log(
    `Redis deployment, acceptances: ${consumed} one-time acceptances (10 users x 1, 1 user x 3) raced by ${sends - 8} concurrent sends from ${PROCESSES} server processes: ` +
      `consumed ${consumed}, refused 43101 ${sends - 8 - consumed}; a long-term acceptance sent 8 of 8`,
  );
});
