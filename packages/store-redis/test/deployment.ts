/**
 * A deployment on one Redis for the multi-process tests: host processes (the host's SessionService
 * over a Redis store) and server processes (@wxbridge/server over a Redis store), bundled from the
 * sources and run with plain node, and the HTTP calls a mini program's backend makes to the servers.
 * Every wait is for a line a process printed or an answer, never for time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleForNode } from '../../tooling/test-support/browser-bundle';
import { startRedisServer, type RedisServer } from '../../tooling/test-support/redis-server';
import { send, urlOf } from '../../tooling/test-support/open-platform';
import { startChild, type Child } from '../../tooling/test-support/children';
import { LONG_TERM, ONE_TIME, type DeploymentConfig } from './fixtures/deployment-config';

export { LONG_TERM, ONE_TIME, phoneOf, type DeploymentConfig } from './fixtures/deployment-config';

export const SECRET = 'deployment-secret-for-redis-tests';
export const APP = { appId: 'wx-redis-app', secret: 'redis-app-secret' };

let bundles: string | undefined;

/** Bundles the host and server processes (once per test file); `removeBundles` in afterAll. */
export function bundleProcesses(): void {
  bundles = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-redis-processes-'));
  for (const name of ['host-process', 'server-process']) {
    fs.writeFileSync(path.join(bundles, `${name}.cjs`), bundleForNode({ entry: path.join(__dirname, 'fixtures', `${name}.ts`) }, 'cjs'));
  }
}

export function removeBundles(): void {
  if (bundles) fs.rmSync(bundles, { recursive: true, force: true });
}

/**
 * A test file's deployment: one Redis and the bundled processes, started before its tests and
 * stopped after them. `config(prefix)` is what a host or server process of it is started with.
 */
export function useDeployment(): { readonly redis: RedisServer; config(prefix: string, commandTimeoutMs?: number): DeploymentConfig } {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    bundleProcesses();
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
    removeBundles();
  });
  const running = (): RedisServer => {
    if (!redis) throw new Error('useDeployment: Redis is not started yet (use it inside a test or a hook)');
    return redis;
  };
  return {
    get redis() {
      return running();
    },
    config: (prefix, commandTimeoutMs = 2000) => ({ url: running().url, prefix, commandTimeoutMs, secret: SECRET, appId: APP.appId, appSecret: APP.secret }),
  };
}

/** Every line a child printed so far (children.ts awaits lines; this one counts them). */
function tap(child: Child): string[] {
  const lines: string[] = [];
  let rest = '';
  child.process.stdout!.on('data', (text: string) => {
    const parts = (rest + text).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
  });
  return lines;
}

export interface HostProcess {
  child: Child;
  /** Runs a command (see fixtures/host-process.ts); resolves with its answer once the process printed it. */
  ask(command: string, user: string, extra?: string): Promise<{ ok: boolean; text: string }>;
}

let asked = 0;

export async function startHost(config: DeploymentConfig): Promise<HostProcess> {
  const child = startChild(path.join(bundles!, 'host-process.cjs'), [JSON.stringify(config)]);
  await child.line((line) => (line === 'ready' ? true : undefined));
  return {
    child,
    ask(command, user, extra = '') {
      const id = String(++asked);
      child.send(`${id} ${command} ${user} ${extra}`);
      return child.line((line) => {
        const [at, outcome, ...text] = line.split(' ');
        return at === id ? { ok: outcome === 'ok', text: text.join(' ') } : undefined;
      });
    },
  };
}

/** What a host answered `ok`, or a failure naming the command and what the host said. */
export async function acked(host: HostProcess, command: string, user: string, extra?: string): Promise<string> {
  const answer = await host.ask(command, user, extra);
  if (!answer.ok) throw new Error(`host ${command} ${user} ${extra ?? ''} failed: ${answer.text}`);
  return answer.text;
}

export interface ServerProcess {
  child: Child;
  url: string;
  /** Every line it printed (`delivered …`, `onError …`). */
  lines: string[];
}

export async function startServerProcess(config: DeploymentConfig): Promise<ServerProcess> {
  const child = startChild(path.join(bundles!, 'server-process.cjs'), [JSON.stringify(config)]);
  const lines = tap(child);
  const url = await child.line((line) => /^listening (\S+)$/.exec(line)?.[1]);
  return { child, url, lines };
}

export const deliveries = (servers: readonly ServerProcess[]) => servers.flatMap((server) => server.lines.filter((line) => line.startsWith('delivered ')));

export const redeemLogin = (url: string, code: string) =>
  send(urlOf(url, '/sns/jscode2session', { appid: APP.appId, secret: APP.secret, js_code: code, grant_type: 'authorization_code' }));

const post = (url: string, route: string, token: string, body: unknown) =>
  send(urlOf(url, route, { access_token: token }), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const redeemPhone = (url: string, token: string, code: string) => post(url, '/wxa/business/getuserphonenumber', token, { code });

export const subscribeSend = (url: string, token: string, openid: string, template = ONE_TIME) =>
  post(url, '/cgi-bin/message/subscribe/send', token, { touser: openid, template_id: template, data: { thing1: { value: template === LONG_TERM ? 'News' : 'Parcel' } } });

export async function tokenOf(url: string): Promise<string> {
  const answer = await send(urlOf(url, '/cgi-bin/token', { grant_type: 'client_credential', appid: APP.appId, secret: APP.secret }));
  if (typeof answer.body.access_token !== 'string') throw new Error(`no access token: ${JSON.stringify(answer.body)}`);
  return answer.body.access_token;
}

/** Runs `jobs` with at most `limit` at a time (HTTP calls from the test, on a 2-core machine). */
export async function inBatches<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

export type Answer = Awaited<ReturnType<typeof send>>;
