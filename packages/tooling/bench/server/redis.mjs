// The bench's Redis: Debian's `redis-server` on a free loopback port in a temporary folder, with the
// settings docs/deployment.md recommends for production (append-only file, `noeviction`, no
// snapshots) and Redis's default `appendfsync everysec` (what most deployments run; the tests'
// Redis in test-support/redis-server.ts uses `always`, which makes every write wait for a disk
// flush and would make the bench measure the disk). Readiness is polled, never waited for by time.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisClient } from './redis-client.mjs';

export const APPENDFSYNC = 'everysec';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts Redis; resolves with `{url, version, stop()}` once it answers. */
export async function startRedis() {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error("the server bench needs redis-server: install Debian's package (apt-get install -y redis-server; .ci/run does it)");
  }
  const version = /v=(\S+)/.exec(found.stdout)?.[1] ?? 'unknown';
  const dir = mkdtempSync(join(tmpdir(), 'wxbridge-bench-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', APPENDFSYNC];
  // No automatic AOF rewrite: a fork and a rewrite of the file mid-run would stall whichever contender ran then.
  args.push('--save', '', '--auto-aof-rewrite-percentage', '0', '--maxmemory-policy', 'noeviction', '--logfile', join(dir, 'redis.log'));
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = await redisClient(url).catch(() => undefined);
    if (client && (await client.ping().catch(() => '')) === 'PONG') {
      await client.quit();
      break;
    }
    client?.destroy();
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${port} (see ${dir}/redis.log)`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    url,
    version,
    async stop() {
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
