/**
 * Processes SIGKILLed under load on a Redis deployment, then restarted: a server process while it
 * redeems codes and consumes one-time acceptances, and a host process while it issues codes, at the
 * same moment. Nothing any of them acknowledged is lost: every code or acceptance whose use a server
 * answered stays used, every code or acceptance not yet tried is usable exactly once, one whose call
 * was cut short is never usable twice, every code a host acknowledged is redeemable, and long-term
 * acceptances, consent decisions and access tokens are still there.
 */
import { OpenIds } from '@wxbridge/store/records';
import {
  APP,
  LONG_TERM,
  SECRET,
  acked,
  redeemLogin,
  startHost,
  startServerProcess,
  subscribeSend,
  tokenOf,
  type Answer,
  type DeploymentConfig,
  type HostProcess,
  type ServerProcess,
  useDeployment,
} from './deployment';

jest.setTimeout(90_000);

const CYCLES = 2;
const deployment = useDeployment();
const openIds = new OpenIds(SECRET);


/** One use of something single-use: redeeming a code, or a send consuming a one-time acceptance. */
interface Use {
  name: string;
  /** Tries it through `url`: `true` used now, `false` refused as already used. */
  attempt(url: string): Promise<boolean>;
}

interface Outcome {
  acknowledged: Use[];
  cutShort: Use[];
  untried: Use[];
}

const refused = (answer: Answer, errcode: number) => {
  if (answer.body.errcode === errcode) return false;
  throw new Error(`unexpected answer: ${JSON.stringify(answer.body)}`);
};

const codeUse = (code: string): Use => ({
  name: `code ${code}`,
  attempt: async (url) => {
    const answer = await redeemLogin(url, code);
    return typeof answer.body.openid === 'string' || refused(answer, 40163);
  },
});

const acceptanceUse = (openid: string, token: string): Use => ({
  name: `acceptance of ${openid}`,
  attempt: async (url) => {
    const answer = await subscribeSend(url, token, openid);
    return answer.body.errcode === 0 || refused(answer, 43101);
  },
});

/** Uses each through `server`, 6 at a time, and SIGKILLs it once `killAfter` were answered. */
async function useUntilKilled(server: ServerProcess, uses: Use[], killAfter: number): Promise<Outcome> {
  const outcome: Outcome = { acknowledged: [], cutShort: [], untried: [...uses] };
  let killed = false;
  const worker = async () => {
    while (outcome.untried.length > 0 && !killed) {
      const use = outcome.untried.shift()!;
      try {
        if (!(await use.attempt(server.url))) throw new Error(`${use.name} was refused before any use`);
        outcome.acknowledged.push(use);
        if (outcome.acknowledged.length === killAfter) killed = server.child.process.kill('SIGKILL');
      } catch (error) {
        if (!killed) throw error;
        outcome.cutShort.push(use);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  await server.child.exited;
  return outcome;
}

/**
 * Asks `host` for codes in waves of 10 and SIGKILLs it right after sending the third wave, so it
 * dies with those in flight; resolves with the codes it acknowledged and how many were cut short.
 */
async function issueUntilKilled(host: HostProcess, prefix: string): Promise<{ codes: string[]; cutShort: number }> {
  const codes: string[] = [];
  let cutShort = 0;
  for (let wave = 0; wave < 3; wave++) {
    const asks = range(`${prefix}w${wave}`, 10).map((user) => host.ask('login', user).catch(() => undefined)); // undefined: killed first
    if (wave === 2) host.child.process.kill('SIGKILL');
    for (const answer of await Promise.all(asks)) {
      if (answer?.ok) codes.push(answer.text);
      else if (answer) throw new Error(`the host failed to issue a code: ${answer.text}`);
      else cutShort++;
    }
  }
  await host.child.exited;
  return { codes, cutShort };
}

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

test(`a server process and a host process SIGKILLed under load and restarted lose nothing acknowledged (${CYCLES} cycles)`, async () => {
  const config: DeploymentConfig = deployment.config('kills:');
  let host = await startHost(config);
  let server = await startServerProcess(config);
  const steady = await startServerProcess(config);
  const token = await tokenOf(server.url);
  const totals = { acknowledged: 0, cutShort: 0, untried: 0, hostCodes: 0, hostCutShort: 0, kills: 0 };
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const codes = await Promise.all(range(`c${cycle}`, 40).map((user) => acked(host, 'login', user)));
    const acceptors = range(`a${cycle}`, 20);
    await Promise.all(acceptors.map((user) => acked(host, 'accept', user, 'tmpl-once')));
    await Promise.all(range(`l${cycle}`, 5).map((user) => acked(host, 'longterm', user, LONG_TERM)));
    await Promise.all(range(`d${cycle}`, 10).map((user) => acked(host, 'decide', user, 'scope.userLocation')));
    const openids = await Promise.all(acceptors.map((user) => openIds.of(APP.appId, user)));
    const uses = codes.flatMap((code, i) => (i < openids.length ? [codeUse(code), acceptanceUse(openids[i]!, token)] : [codeUse(code)]));

    const [outcome, hostCodes] = await Promise.all([useUntilKilled(server, uses, 20 + cycle * 5), issueUntilKilled(host, `h${cycle}`)]);
    expect(server.child.process.signalCode).toBe('SIGKILL');
    expect(host.child.process.signalCode).toBe('SIGKILL');
    totals.kills += 2;
    [server, host] = await Promise.all([startServerProcess(config), startHost(config)]);

    for (const use of outcome.acknowledged) expect({ use: use.name, again: await use.attempt(steady.url) }).toEqual({ use: use.name, again: false });
    for (const use of outcome.untried) {
      expect({ use: use.name, first: await use.attempt(server.url) }).toEqual({ use: use.name, first: true });
      expect({ use: use.name, again: await use.attempt(steady.url) }).toEqual({ use: use.name, again: false });
    }
    for (const use of outcome.cutShort) {
      await use.attempt(server.url); // used now, or already by the killed server
      expect({ use: use.name, again: await use.attempt(steady.url) }).toEqual({ use: use.name, again: false });
    }
    for (const code of hostCodes.codes) expect((await redeemLogin(steady.url, code)).body.openid).toEqual(expect.any(String));
    for (const user of range(`l${cycle}`, 5)) expect((await subscribeSend(server.url, token, await openIds.of(APP.appId, user), LONG_TERM)).body.errcode).toBe(0);
    for (const user of range(`d${cycle}`, 10)) expect(await acked(host, 'decisions', user)).toBe('{"scope.userLocation":true}');
    totals.acknowledged += outcome.acknowledged.length;
    totals.cutShort += outcome.cutShort.length;
    totals.untried += outcome.untried.length;
    totals.hostCodes += hostCodes.codes.length;
    totals.hostCutShort += hostCodes.cutShort;
  }
  expect((await subscribeSend(server.url, token, await openIds.of(APP.appId, 'l0-0'), LONG_TERM)).body.errcode).toBe(0); // the token still holds
  // Each kill lands with calls in flight: six redemptions at once, a wave of ten codes just sent.
  expect(totals.cutShort).toBeGreaterThan(0);
  expect(totals.hostCutShort).toBeGreaterThan(0);
  expect(steady.child.stderr()).toBe('');
  console.log(
    `Redis deployment, kills: ${totals.kills} SIGKILLs survived (${CYCLES} servers, ${CYCLES} hosts, under load); ` +
      `${totals.acknowledged} acknowledged code redemptions and acceptance sends stayed used, ${totals.untried} untried ones used exactly once after the restart, ` +
      `${totals.cutShort} cut short never used twice, ${totals.hostCodes} codes acknowledged by a killed host redeemed (${totals.hostCutShort} in flight at its kill), ` +
      `${CYCLES * 5} long-term acceptances and ${CYCLES * 10} consent decisions kept; lost 0`,
  );
});
