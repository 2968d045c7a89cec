// The server suite (issue 17, part 3): @wxbridge/server as built (dist), under HTTP/1.1 keep-alive
// load from autocannon on loopback, beside two floors measured in the same run: a bare node:http
// server answering a constant JSON body, and raw GETDEL on Redis with node-redis. Contenders:
// jscode2session redeeming a fresh code per request, and subscribe/send consuming a one-time
// acceptance per request, each on the files store and on Redis. Each server runs in its own
// process; the load and the fixtures (codes issued by the host's SessionService on the same store
// and secret) come from this one. Then end to end: 200 mini programs logging in while a backend
// redeems their codes. Prints JSON (last line).
//
//   node packages/tooling/bench/server.mjs [--quick] [--profile] [--markdown]
//   node packages/tooling/bench/index.mjs --only=server      (the suite alone, with its budgets)
//
// --profile: the server processes run with --cpu-prof (profiles in bench-results/profiles/).
// --markdown: also print the section as markdown (on stderr).
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionService } from '@wxbridge/host';
import { FileStore } from '@wxbridge/store/node';
import { createRedisStore } from '@wxbridge/store-redis';
import { interleave, median, round3 } from './stats.mjs';
import { resultsDir } from './sources.mjs';
import { endToEnd, programApps } from './server/end-to-end.mjs';
import { APP_ID, APP_SECRET, APPS, LIMITS, SECRET, issueCodes, recordAcceptances, sendBody } from './server/fixtures.mjs';
import { load, okAnswer } from './server/load.mjs';
import { APPENDFSYNC, startRedis } from './server/redis.mjs';
import { renderServerMarkdown } from './server/report.mjs';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const CONNECTIONS = 50;
const ROUNDS = quick ? 1 : 3;
const SECONDS = quick ? 2 : 5;
const WARMUP_SECONDS = 1;
const PROGRAMS = 200;
/** Users the acceptances are spread over (two sends to one user at once would queue on its records). */
const SEND_USERS = 1000;
const log = (text) => process.stderr.write(`bench: server: ${text}\n`);

/** Starts one contender's server process; resolves with `{url, getdel(options), stop()}`. */
async function startChild(config) {
  const execArgv = profile ? ['--cpu-prof', `--cpu-prof-dir=${join(resultsDir, 'profiles')}`, `--cpu-prof-name=server-${config.kind}.cpuprofile`] : [];
  const child = fork(new URL('./server/child.mjs', import.meta.url), [JSON.stringify(config)], { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 0;
  const { url } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the ${config.kind} server exited (${code}) before listening`)));
  });
  child.on('message', ({ id, result, error }) => {
    pending.get(id)?.[error ? 1 : 0](error ? new Error(error) : result);
    pending.delete(id);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ask = (getdel) =>
    new Promise((resolve, reject) => {
      pending.set(++nextId, [resolve, reject]);
      child.send({ id: nextId, getdel });
    });
  return {
    url,
    getdel: (options) => ask(options),
    cpu: async () => {
      const { user, system } = await ask(undefined);
      return user + system;
    },
    stop: async () => {
      child.kill('SIGINT');
      await exited;
    },
  };
}

async function accessToken(url) {
  const answer = await (await fetch(`${url}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${APP_SECRET}`)).json();
  if (typeof answer.access_token !== 'string') throw new Error(`no access token from ${url}: ${JSON.stringify(answer)}`);
  return answer.access_token;
}

/** A measured amount: `rate` × `seconds`, a whole number of requests per connection. */
const amountFor = (rate, seconds) => Math.max(CONNECTIONS, Math.round((rate * seconds) / CONNECTIONS) * CONNECTIONS);

/** A contender whose every request uses up something made beforehand (`prepare(n)` → `request(i)`). */
function consuming(server, prepare, check) {
  return {
    process: server,
    async run(amount) {
      const request = await prepare(amount);
      return load({ url: server.url, connections: CONNECTIONS, amount, request, check });
    },
  };
}

const redemption = (sessions) => async (count) => {
  const codes = await issueCodes(sessions, count);
  return (i) => ({ method: 'GET', path: `/sns/jscode2session?appid=${APP_ID}&secret=${APP_SECRET}&js_code=${codes[i] ?? 'none-left'}&grant_type=authorization_code` });
};

const sending = (sessions, store, token) => async (count) => {
  const openids = await recordAcceptances(sessions, store, count, Math.min(SEND_USERS, count));
  const bodies = openids.map(sendBody);
  return (i) => ({ method: 'POST', path: `/cgi-bin/message/subscribe/send?access_token=${token}`, headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length] });
};

if (profile) mkdirSync(join(resultsDir, 'profiles'), { recursive: true });
const redis = await startRedis();
const folder = mkdtempSync(join(tmpdir(), 'wxbridge-bench-files-'));
const prefix = 'bench:';
const wxbridgeConfig = { secret: SECRET, apps: [...APPS, ...programApps(PROGRAMS)], limits: LIMITS };
const children = {
  bare: await startChild({ kind: 'bare' }),
  files: await startChild({ kind: 'files', folder, ...wxbridgeConfig }),
  redis: await startChild({ kind: 'redis', url: redis.url, prefix, ...wxbridgeConfig }),
};
const stores = { files: new FileStore(folder), redis: await createRedisStore({ url: redis.url, prefix }) };
const sessions = {
  files: new SessionService({ store: stores.files, secret: SECRET }),
  redis: new SessionService({ store: stores.redis, secret: SECRET }),
};
const tokens = { files: await accessToken(children.files.url), redis: await accessToken(children.redis.url) };

const contenders = {
  'bare node:http': {
    process: children.bare,
    run: () => load({ url: children.bare.url, connections: CONNECTIONS, duration: SECONDS, request: () => ({ method: 'GET', path: '/' }), check: okAnswer() }),
    warm: () => load({ url: children.bare.url, connections: CONNECTIONS, duration: WARMUP_SECONDS, request: () => ({ method: 'GET', path: '/' }), check: okAnswer() }),
  },
  'Redis GETDEL': { process: children.redis, run: (amount) => children.redis.getdel({ connections: CONNECTIONS, amount }) },
  'jscode2session, Redis': consuming(children.redis, redemption(sessions.redis), okAnswer('openid', 'session_key')),
  'jscode2session, files': consuming(children.files, redemption(sessions.files), okAnswer('openid', 'session_key')),
  'subscribe/send, Redis': consuming(children.redis, sending(sessions.redis, stores.redis, tokens.redis), okAnswer('msgid')),
  'subscribe/send, files': consuming(children.files, sending(sessions.files, stores.files, tokens.files), okAnswer('msgid')),
};
const names = Object.keys(contenders);
const rates = {};
const details = Object.fromEntries(names.map((name) => [name, []]));
const failures = [];

/** `run()`'s result with the CPU time its server process spent per request (µs). */
async function timed(contender, run) {
  const before = await contender.process.cpu();
  const result = await run();
  return { ...result, cpu: ((await contender.process.cpu()) - before) / result.count };
}

/** One measurement: a warm-up of about a second, then about `SECONDS` (an amount sized from the warm-up's rate). */
async function measure(name) {
  const contender = contenders[name];
  let result;
  if (contender.warm) {
    await contender.warm();
    result = await timed(contender, () => contender.run());
  } else {
    const warm = await contender.run(amountFor(rates[name], WARMUP_SECONDS));
    result = await timed(contender, () => contender.run(amountFor(warm.rate, SECONDS)));
  }
  rates[name] = result.rate;
  details[name].push(result);
  if (result.failed > 0) failures.push(`${name}: ${result.failed} of ${result.count} answers failed, the first: ${result.firstFailure}`);
  log(`${name}: ${Math.round(result.rate)}/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ${Math.round(result.cpu)} µs CPU each (${result.count} in ${result.seconds.toFixed(1)} s)`);
  return result.rate;
}

const started = performance.now();
for (const name of names) if (!contenders[name].warm) rates[name] = (await contenders[name].run(2000)).rate; // calibrates and warms
const measured = await interleave(names, { rounds: ROUNDS, warmup: 0, baseline: 'bare node:http', measure });
const paired = (a, b) => round3(median(measured[a].values.map((value, i) => value / measured[b].values[i])));
const results = {};
for (const name of names) {
  const runs = details[name];
  results[name] = {
    ...measured[name],
    p50: round3(median(runs.map((run) => run.p50))),
    p99: round3(median(runs.map((run) => run.p99))),
    cpu: round3(median(runs.map((run) => run.cpu))),
    requests: runs.reduce((sum, run) => sum + run.count, 0),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
  };
  if (name.endsWith(', Redis') && name !== 'Redis GETDEL') results[name].vsGetdel = paired(name, 'Redis GETDEL');
}
log(`end to end: ${PROGRAMS} mini programs…`);
const e2e = await endToEnd({ server: children.redis.url, store: stores.redis, programs: PROGRAMS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS });
if (e2e.lost > 0 || e2e.redeemedTwice > 0) failures.push(`end to end: ${e2e.lost} codes not redeemed, ${e2e.redeemedTwice} redeemable twice; ${e2e.firstFailure ?? ''}`);
log(`end to end: ${Math.round(e2e.rate)} codes/s, ${e2e.codes} codes`);

await Promise.all(Object.values(children).map((child) => child.stop()));
await stores.redis.close();
await redis.stop();
rmSync(folder, { recursive: true, force: true, maxRetries: 5 });
const server = {
  connections: CONNECTIONS,
  rounds: ROUNDS,
  seconds: SECONDS,
  redis: { version: redis.version, appendfsync: APPENDFSYNC },
  contenders: results,
  endToEnd: { ...e2e, rate: round3(e2e.rate), p50: round3(e2e.p50), p99: round3(e2e.p99) },
  failures,
  elapsed: Math.round((performance.now() - started) / 1000),
};
if (process.argv.includes('--markdown')) process.stderr.write(renderServerMarkdown(server) + '\n');
process.stdout.write(JSON.stringify(server) + '\n');
process.exit(0);
