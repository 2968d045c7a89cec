/**
 * FileStore's per-key locks (src/node/file-lock.ts), with lock files planted as another process
 * would leave them: a live holder makes calls wait and then fail with an error that names the key
 * and the holder; a dead holder's lock, an old one, and leftovers at open are broken safely.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import { StoreUnavailableError } from '@wxbridge/store';
import { FileStore, fileName } from '@wxbridge/store/node';
import { STALE_LOCK_MS } from '../src/node/file-store';
import { eventually } from '../../tooling/test-support/store-conformance';
import { tempFolder as makeTempFolder } from './temp-folders';

const tempFolder = () => makeTempFolder('wxbridge-file-locks-');

/** The id of a process that has exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', '']);
  expect(result.status).toBe(0);
  return result.pid;
}

/** Plants the lock of `key` as a process `pid` on `host` holds it, `ageMs` old. */
function plantLock(folder: string, key: string, pid: number | undefined, options: { host?: string; ageMs?: number; thread?: number } = {}): string {
  const lock = path.join(folder, fileName(key) + '.lock');
  const token = `t${options.thread ?? threadId}.planted-token`;
  fs.writeFileSync(lock, pid === undefined ? '' : `${pid} ${options.host ?? os.hostname()} ${token}\n`, { mode: 0o600 });
  if (options.ageMs) {
    const then = new Date(Date.now() - options.ageMs);
    fs.utimesSync(lock, then, then);
  }
  return lock;
}

/** The parent of this Jest worker: a live process on this host that is not this one. */
const LIVE_PID = process.ppid;

test('a lock held by a live process: the call waits, then fails with an error naming the key, the holder and the lock file', async () => {
  const folder = tempFolder();
  const store = new FileStore(folder, { lockTimeoutMs: 200 });
  await store.get('warm-up'); // open-time housekeeping is over
  const lock = plantLock(folder, 'acceptance/1', LIVE_PID);
  const started = Date.now();
  const failure = store.adjust('acceptance/1', -1, { min: 0 });
  await expect(failure).rejects.toThrow(
    new RegExp(`^FileStore: gave up on the key "acceptance/1" after 200 ms: it stayed locked by process ${LIVE_PID} on ${os.hostname()} \\(its lock is \\d+ ms old\\); lock file ${lock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  );
  expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  // The store did not answer in time: a store-unavailable failure (the host answers "system busy").
  expect(StoreUnavailableError.is(await failure.catch((error: unknown) => error))).toBe(true);
  expect(fs.existsSync(lock)).toBe(true); // a live holder's lock is not broken
  expect(fs.existsSync(path.join(folder, fileName('acceptance/1')))).toBe(false);
  // Every writing call waits for it; reads do not.
  await expect(store.set('acceptance/1', '1')).rejects.toThrow('it stayed locked');
  await expect(store.take('acceptance/1')).rejects.toThrow('it stayed locked');
  await expect(store.get('acceptance/1')).resolves.toBeUndefined();
  // Other keys are not held up.
  await expect(store.adjust('acceptance/2', 1)).resolves.toBe(1);
});

test('a waiting call goes on as soon as the holder releases the lock', async () => {
  const folder = tempFolder();
  const store = new FileStore(folder);
  await store.get('warm-up');
  const lock = plantLock(folder, 'k', LIVE_PID);
  // Counts the call's attempts at the lock, to release it only once the call has found it held.
  const link = fs.promises.link;
  let refused = 0;
  const spy = jest.spyOn(fs.promises, 'link').mockImplementation(async (existing, name) => {
    try {
      return await link(existing, name);
    } catch (error) {
      if (name === lock) refused++;
      throw error;
    }
  });
  try {
    const write = store.setIfAbsent('k', 'v');
    await eventually(async () => refused >= 2, 'the call has found the lock held twice');
    fs.rmSync(lock); // the holder is done
    await expect(write).resolves.toBe(true);
  } finally {
    spy.mockRestore();
  }
  await expect(store.get('k')).resolves.toBe('v');
  expect(fs.readdirSync(folder)).toEqual([fileName('k')]);
});

test('a lock whose process is dead is broken at once', async () => {
  const folder = tempFolder();
  const store = new FileStore(folder, { lockTimeoutMs: STALE_LOCK_MS / 2 });
  await store.get('warm-up');
  plantLock(folder, 'k', deadPid());
  await expect(store.adjust('k', 1)).resolves.toBe(1);
  expect(fs.readdirSync(folder)).toEqual([fileName('k')]); // the broken lock is gone, nothing moved aside is left
});

test('a lock older than the stale age is broken whoever holds it: a live process, another host, an unreadable lock', async () => {
  const folder = tempFolder();
  const store = new FileStore(folder, { lockTimeoutMs: STALE_LOCK_MS / 2 });
  await store.get('warm-up');
  plantLock(folder, 'live', LIVE_PID, { ageMs: STALE_LOCK_MS + 1000 });
  plantLock(folder, 'elsewhere', 1, { host: 'another-host', ageMs: STALE_LOCK_MS + 1000 });
  plantLock(folder, 'empty', undefined, { ageMs: STALE_LOCK_MS + 1000 });
  await expect(store.set('live', 'a')).resolves.toBeUndefined();
  await expect(store.set('elsewhere', 'b')).resolves.toBeUndefined();
  await expect(store.set('empty', 'c')).resolves.toBeUndefined();
  expect(fs.readdirSync(folder).sort()).toEqual(['live', 'elsewhere', 'empty'].map(fileName).sort());
});

test('a fresh lock of another host, of another thread of this process, or an unreadable one, is waited for', async () => {
  const folder = tempFolder();
  const store = new FileStore(folder, { lockTimeoutMs: 100 });
  await store.get('warm-up');
  plantLock(folder, 'elsewhere', deadPid(), { host: 'another-host' }); // the pid means nothing here
  plantLock(folder, 'thread', process.pid, { thread: threadId + 1 });
  plantLock(folder, 'empty', undefined);
  await expect(store.set('thread', 'a')).rejects.toThrow(`it stayed locked by process ${process.pid} on ${os.hostname()}`);
  await expect(store.set('elsewhere', 'b')).rejects.toThrow(/it stayed locked by process \d+ on another-host/);
  await expect(store.set('empty', 'c')).rejects.toThrow('it stayed locked by an unreadable lock ("", ');
});

test('a lock left by an earlier process with this very pid is this process\'s to break', async () => {
  const folder = tempFolder();
  const store = new FileStore(folder, { lockTimeoutMs: STALE_LOCK_MS / 2 });
  await store.get('warm-up');
  plantLock(folder, 'k', process.pid); // its token is none this process holds
  await expect(store.set('k', 'v')).resolves.toBeUndefined();
});

test('at open, dead holders\' locks and old breaking guards go; live locks stay', async () => {
  const folder = tempFolder();
  fs.chmodSync(folder, 0o700);
  const dead = plantLock(folder, 'dead', deadPid());
  const live = plantLock(folder, 'live', LIVE_PID);
  const oldGuard = plantLock(folder, 'guarded', LIVE_PID) + '.break';
  fs.writeFileSync(oldGuard, '');
  const then = new Date(Date.now() - STALE_LOCK_MS - 1000);
  fs.utimesSync(oldGuard, then, then);
  const freshGuard = plantLock(folder, 'guarded-now', LIVE_PID) + '.break';
  fs.writeFileSync(freshGuard, '');
  await new FileStore(folder).get('warm-up');
  const left = fs.readdirSync(folder).map((name) => path.join(folder, name));
  expect(left).not.toContain(dead);
  expect(left).not.toContain(oldGuard);
  expect(left).toEqual(expect.arrayContaining([live, freshGuard]));
});

test('bad options are refused, naming them', () => {
  expect(() => new FileStore(tempFolder(), { lockTimeoutMs: 0 })).toThrow('FileStore: options.lockTimeoutMs must be a positive number of milliseconds, got 0');
  expect(() => new FileStore(tempFolder(), { clock: 5 as unknown as () => number })).toThrow('options.clock must be a function');
  expect(() => new FileStore('')).toThrow('FileStore: folder must be a non-empty path');
});
