/**
 * The kill loop: a real child process writes scope, privacy, subscription and session decisions
 * through the host's DecisionStore and SessionService over a FileStore folder and is killed with
 * SIGKILL at a random moment, again and again. After each kill no file the store reads may be
 * torn or half-written, and every decision the child acknowledged must still be there; at the
 * end every decision acknowledged in the whole run is looked for again.
 *
 * Used by a short run in Jest and the 200-iteration run of `npm run fuzz`.
 */
import { buildSync } from 'esbuild';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { FileStore } from '@wxbridge/host/node';
import { Redeemer } from '@wxbridge/server';
import { decodeStored, isValueFile } from '@wxbridge/store/node';
import { decision, services, type Decision } from './kill-loop-decisions';

export interface KillLoopReport {
  iterations: number;
  /** Decisions the child reported stored before it was killed. */
  acknowledged: number;
  /** Acknowledged decisions missing afterwards (each counted once). */
  lost: number;
  /** Files the store reads that were not whole JSON. */
  corrupt: number;
  /** Temporary files left by writes cut short (never read; swept once stale). */
  leftovers: number;
  problems: string[];
}

/** Bundles the child (kill-loop-child.ts) to one CommonJS file, with the packages' sources. */
export function bundleKillLoopChild(repoRoot: string, outfile: string): void {
  buildSync({
    entryPoints: [join(repoRoot, 'packages/tooling/test-support/kill-loop-child.ts')],
    tsconfig: join(repoRoot, 'packages/tooling/tsconfig.tests.json'), // its paths map @wxbridge/* to the sources
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
}

interface Run {
  acks: Array<{ n: number; code: string }>;
  stderr: string;
  signal: NodeJS.Signals | null;
}

/**
 * Starts the child, kills it `delayMs` after its first acknowledged write (so a loaded machine,
 * where starting a process takes longer than the delay, still sees writes between kills: the
 * kill lands in a later write), and collects what it acknowledged.
 */
function runOnce(child: string, folder: string, first: number, delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, folder, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Run['acks'] = [];
    let partial = '';
    let stderr = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const match = /^ack (\d+) (\S*)$/.exec(line);
        if (match) acks.push({ n: Number(match[1]), code: match[2]! });
        if (match && acks.length === 1) timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ acks, stderr, signal });
    });
  });
}

/** Files the store reads (not its temporary or lock files) that changed since `since` and are not whole JSON. */
async function tornFiles(folder: string, since: number): Promise<string[]> {
  const torn: string[] = [];
  for (const name of await fs.readdir(folder)) {
    if (!isValueFile(name)) continue;
    const path = join(folder, name);
    const stat = await fs.stat(path);
    if (stat.mtimeMs < since) continue;
    try {
      JSON.parse(decodeStored(await fs.readFile(path, 'utf8')).value); // past the expiry header, if any
    } catch {
      torn.push(name);
    }
  }
  return torn;
}

/** The acknowledged decisions that cannot be found. `redeem` also spends each session's login code, as the server does. */
async function missing(folder: string, acked: Array<{ d: Decision; code: string }>, redeem: boolean): Promise<Decision[]> {
  const store = new FileStore(folder);
  const { decisions, sessions } = services(store);
  const server = new Redeemer(store, Date.now, 5 * 60_000);
  const lost: Decision[] = [];
  for (const { d, code } of acked) {
    let found: boolean;
    if (d.kind === 'session') {
      found = await sessions.checkSession(d.appId, d.user);
      if (found && redeem) found = 'user' in (await server.loginCode(d.appId, code, async (record) => ({ user: record.user })));
    } else {
      const record = await decisions.read(d.user, d.appId);
      found =
        d.kind === 'scope'
          ? record.scopes[d.key] === d.value
          : d.kind === 'privacy'
            ? record.privacyAgreed === true
            : record.subscriptions?.items[d.key] === d.value;
    }
    if (!found) lost.push(d);
  }
  return lost;
}

export async function runKillLoop(options: { iterations: number; child: string; folder: string; maxDelayMs?: number }): Promise<KillLoopReport> {
  const { iterations, child, folder } = options;
  const maxDelay = options.maxDelayMs ?? 40;
  await fs.mkdir(folder, { recursive: true, mode: 0o700 }); // a store's folder is private (FileStore warns otherwise)
  const report: KillLoopReport = { iterations: 0, acknowledged: 0, lost: 0, corrupt: 0, leftovers: 0, problems: [] };
  const note = (problem: string) => report.problems.length < 10 && report.problems.push(problem);
  const all: Array<{ d: Decision; code: string }> = [];
  const lostOnes = new Set<number>();
  const lose = (when: string, lost: Decision[]) => {
    for (const d of lost) {
      if (!lostOnes.has(d.n)) note(`${when}: lost the ${d.kind} decision ${d.n} (${d.user}, ${d.appId}, ${d.key})`);
      lostOnes.add(d.n);
    }
  };

  for (let i = 0; i < iterations; i++) {
    const started = Date.now() - 1000;
    const run = await runOnce(child, folder, (i + 1) * 1_000_000, Math.random() * maxDelay);
    report.iterations++;
    if (run.signal !== 'SIGKILL' || run.stderr) note(`iteration ${i}: ended by ${run.signal}, stderr ${run.stderr.slice(0, 300)}`);
    const acked = run.acks.map(({ n, code }) => ({ d: decision(n), code }));
    report.acknowledged += acked.length;
    all.push(...acked);
    const torn = await tornFiles(folder, started);
    report.corrupt += torn.length;
    for (const name of torn) note(`iteration ${i}: ${name} is torn`);
    lose(`iteration ${i}`, await missing(folder, acked, false));
  }

  // Later writes to shared records must not have dropped earlier decisions: look for all of them again.
  lose('at the end', await missing(folder, all, true));
  report.lost = lostOnes.size;
  report.leftovers = (await fs.readdir(folder)).filter((name) => name.endsWith('.tmp')).length;
  return report;
}
