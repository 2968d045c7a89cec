/**
 * A real Redis for the tests: Debian's `redis-server` (`.ci/run` installs it) on a free loopback
 * port, in a temporary folder, with every write in the append-only file before Redis answers
 * (`--appendonly yes --appendfsync always`) and no snapshots. It can be killed (SIGKILL, as a crash)
 * or paused (SIGSTOP, a Redis that hangs) and started again on the same folder and port, which is
 * what the outage tests do. Readiness is polled (a PING on the port), never waited for by time.
 *
 * Without `redis-server` installed, `startRedisServer` throws, saying how to install it: the Redis
 * tests then fail, they are not skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const STARTUP_TIMEOUT_MS = 20_000;

export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The folder holding the append-only file. */
  readonly dir: string;
  /** The running process's id (changes at each start). */
  pid(): number;
  /** Kills it at once (SIGKILL, a crash: only what the append-only file holds survives); resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same folder and port; resolves once it answers PING (it has reloaded the file). */
  start(): Promise<void>;
  /** Whether its process is alive (killed: not until `start()`). */
  running(): boolean;
  /** Pauses it (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Resumes a paused server (SIGCONT). */
  resume(): void;
  /** Stops it and deletes its folder. */
  stop(): Promise<void>;
}

let checked = false;

/** Throws a clear error when `redis-server` is not installed. */
export function requireRedisServer(): void {
  if (checked) return;
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'redis-server is not installed, and the Redis store tests need a real one: install Debian\'s package ' +
        '(sudo apt-get install -y redis-server; .ci/run does it) and run the tests again',
    );
  }
  checked = true;
}

/** A TCP port nothing listens on right now (the OS's pick). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether something on the port answers PING with PONG (Redis answers LOADING until its file is read). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (text.includes('\r\n')) done(text.startsWith('+PONG'));
    });
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  requireRedisServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''];
  args.push('--maxmemory-policy', 'noeviction', '--logfile', path.join(dir, 'redis.log'), '--daemonize', 'no');
  let proc: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    proc = child;
    exited = new Promise((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (!(await answersPing(port))) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        const log = fs.existsSync(path.join(dir, 'redis.log')) ? fs.readFileSync(path.join(dir, 'redis.log'), 'utf8') : '';
        throw new Error(`redis-server on port ${port} did not start (exit ${child.exitCode}, ${child.signalCode}); its log:\n${log.slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const kill = async () => {
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGCONT');
      proc.kill('SIGKILL');
    }
    await exited;
  };
  await start();
  running.add(kill);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: () => proc!.pid!,
    running: () => proc !== undefined && proc.exitCode === null && proc.signalCode === null,
    kill,
    start,
    pause: () => void proc!.kill('SIGSTOP'),
    resume: () => void proc!.kill('SIGCONT'),
    async stop() {
      running.delete(kill);
      await kill();
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** Servers still running, killed if the test process exits without stopping them. */
const running = new Set<() => Promise<void>>();
process.on('exit', () => {
  for (const kill of running) void kill();
});
