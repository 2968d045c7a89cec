/**
 * FileStore against real files in a fresh temporary folder, and against real child processes:
 * writers killed with SIGKILL mid-write (nothing torn, nothing acknowledged lost) and takers
 * racing for one key (exactly one wins).
 *
 * CRASH_CYCLES=200 npx jest packages/store/test/file-store.test.ts   (default 25)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileStore } from '@wxbridge/store/node';
import { fileName } from '../src/node/file-names';
import { STALE_TEMP_MS } from '../src/node/file-sweep';
import { useFileStoreBundle } from './file-store-bundle';

const { KEYS, record } = require('./fixtures/file-store-records.cjs') as {
  KEYS: [string, string];
  record(n: number): { n: number; pad: string };
};

const CRASH_CYCLES = Number(process.env.CRASH_CYCLES ?? 25);
const TAKE_ROUNDS = 10;
const TAKERS = 4;
const FIXTURES = path.join(__dirname, 'fixtures');

// ---------------------------------------------------------------------------------------------
// Clean-up: every temporary folder and child process is gone after each test, even a failing one.

const folders = new Set<string>();
const children = new Set<Child>();

function tempFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-file-store-'));
  folders.add(folder);
  return folder;
}

afterEach(async () => {
  await Promise.all(
    [...children].map((child) => {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      return child.closed;
    }),
  );
  children.clear();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true, maxRetries: 5 });
  folders.clear();
});

// ---------------------------------------------------------------------------------------------
// Child processes run plain .cjs fixtures over file-store.ts bundled to CommonJS.

const bundle = useFileStoreBundle();

interface Child {
  process: ChildProcess;
  /** Complete stdout lines so far. */
  lines: string[];
  stderr(): string;
  /** Resolves once the process has exited and its output is fully read. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The first line matching `test`; rejects if the process ends or `timeoutMs` passes first. */
  waitFor(test: (line: string) => boolean, timeoutMs?: number): Promise<string>;
}

function start(script: string, args: string[]): Child {
  const proc = spawn(process.execPath, [path.join(FIXTURES, script), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  let ended = false;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    notify();
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  proc.stdin!.on('error', () => {}); // a killed child closes its stdin under us
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('close', (code, signal) => {
      ended = true;
      notify();
      resolve({ code, signal });
    }),
  );
  const child: Child = {
    process: proc,
    lines,
    stderr: () => stderr,
    closed,
    waitFor(test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${script}: no matching line in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        const check = () => {
          const line = lines.find(test);
          if (line !== undefined) finish(undefined, line);
          else if (ended) finish(new Error(`${script} ended (exit ${proc.exitCode}, ${proc.signalCode}) first; stderr: ${stderr}`));
        };
        function finish(error?: Error, line?: string) {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(line!);
        }
        listeners.add(check);
        check();
      });
    },
  };
  children.add(child);
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sets a file's modification time `ageMs` into the past (its ctime becomes now). */
function age(file: string, ageMs: number): void {
  const then = new Date(Date.now() - ageMs);
  fs.utimesSync(file, then, then);
}

// ---------------------------------------------------------------------------------------------

describe('FileStore in one process', () => {
  test('get / set / delete / take', async () => {
    const store = new FileStore(tempFolder());
    await expect(store.get('a')).resolves.toBeUndefined();
    await store.set('a', '{"v":1}');
    await expect(store.get('a')).resolves.toBe('{"v":1}');
    await store.set('a', '{"v":2}');
    await expect(store.get('a')).resolves.toBe('{"v":2}');
    await store.delete('a');
    await expect(store.get('a')).resolves.toBeUndefined();
    await expect(store.delete('a')).resolves.toBeUndefined(); // deleting a missing key is fine

    await store.set('code', '"abc"');
    await expect(store.take('code')).resolves.toBe('"abc"');
    await expect(store.take('code')).resolves.toBeUndefined();
    await expect(store.get('code')).resolves.toBeUndefined();
    await expect(store.take('never-set')).resolves.toBeUndefined();

    await store.set('empty', '');
    await expect(store.get('empty')).resolves.toBe('');
    await expect(store.take('empty')).resolves.toBe('');
    expect(fs.readdirSync(store.folder)).toEqual([]); // nothing left behind, no temporary files
  });

  test('makes its folder, nested, on first use; values survive a new store on the same folder', async () => {
    const folder = path.join(tempFolder(), 'a', 'b');
    const store = new FileStore(folder);
    await store.set('k', 'unicode ✓ 漢字');
    expect(fs.statSync(folder).isDirectory()).toBe(true);
    await expect(new FileStore(folder).get('k')).resolves.toBe('unicode ✓ 漢字');
  });

  test('keys map to safe, distinct file names inside the folder and round-trip', async () => {
    const keys = [
      'plain',
      'a/b',
      '/abs/path',
      '../../escape',
      '..',
      '.',
      '',
      '.hidden',
      'scope.userInfo:wx123',
      'UPPER',
      'upper',
      'Ab',
      'aB',
      'space key',
      'back\\slash',
      'C:\\windows',
      'nul\u0000byte',
      'CON',
      'k_abc.json',
      '_2e',
      '漢字',
      '🙂 emoji',
      'x'.repeat(100),
      'x'.repeat(101),
      'x'.repeat(200),
      'x'.repeat(199) + 'y',
      '漢'.repeat(200),
      '/'.repeat(200),
    ];
    const names = keys.map(fileName);
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9_-][a-z0-9_.-]*\.json$/);
      expect(name.length).toBeLessThanOrEqual(110);
    }
    // distinct even on case-insensitive file systems (macOS, Windows)
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(keys.length);

    const parent = tempFolder();
    const folder = path.join(parent, 'store');
    const store = new FileStore(folder);
    await Promise.all(keys.map((key, i) => store.set(key, JSON.stringify({ i, key }))));
    for (const [i, key] of keys.entries()) await expect(store.get(key)).resolves.toBe(JSON.stringify({ i, key }));

    expect(fs.readdirSync(parent)).toEqual(['store']); // nothing escaped the folder
    const entries = fs.readdirSync(folder, { withFileTypes: true });
    expect(entries.every((entry) => entry.isFile())).toBe(true);
    expect(entries.map((entry) => entry.name).sort()).toEqual([...names].sort());

    const reopened = new FileStore(folder);
    for (const [i, key] of keys.entries()) await expect(reopened.get(key)).resolves.toBe(JSON.stringify({ i, key }));
    for (const key of keys) await reopened.delete(key);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  test('many sets to one key issued without awaiting: the last one wins', async () => {
    const folder = tempFolder();
    const store = new FileStore(folder);
    const writes = Array.from({ length: 40 }, (_, i) => store.set('k', JSON.stringify({ i })));
    await expect(store.get('k')).resolves.toBe('{"i":39}'); // a get waits for this process's pending writes
    await Promise.all(writes);
    await expect(store.get('k')).resolves.toBe('{"i":39}');
    await expect(new FileStore(folder).get('k')).resolves.toBe('{"i":39}');
    expect(fs.readdirSync(folder)).toEqual([fileName('k')]);
  });

  test('sets and deletes to one key apply in call order', async () => {
    const store = new FileStore(tempFolder());
    void store.set('k', 'a');
    void store.delete('k');
    const last = store.set('k', 'b');
    await last;
    await expect(store.get('k')).resolves.toBe('b');

    void store.set('k', 'c');
    void store.set('k', 'd');
    await store.delete('k');
    await expect(store.get('k')).resolves.toBeUndefined();
  });

  test('take queues behind pending sets of the same key, and later sets behind the take', async () => {
    const store = new FileStore(tempFolder());
    void store.set('k', '1');
    void store.set('k', '2');
    const taken = store.take('k');
    const after = store.set('k', '3');
    await expect(taken).resolves.toBe('2');
    await after;
    await expect(store.get('k')).resolves.toBe('3');
  });

  test('concurrent takes in one process: exactly one gets the value', async () => {
    const store = new FileStore(tempFolder());
    await store.set('k', 'v');
    const results = await Promise.all(Array.from({ length: 8 }, () => store.take('k')));
    expect(results.filter((result) => result === 'v')).toHaveLength(1);
    expect(results.filter((result) => result === undefined)).toHaveLength(7);
  });

  test('on open, stale temporary files are removed and fresh ones kept', async () => {
    const folder = tempFolder();
    const file = (name: string, ageMs: number) => {
      fs.writeFileSync(path.join(folder, name), 'partial');
      if (ageMs) age(path.join(folder, name), ageMs);
      return name;
    };
    const stale = [
      file(`${fileName('a')}.4242.aaaaaaaaaaaa.tmp`, STALE_TEMP_MS + 60_000),
      file(`${fileName('b')}.4242.bbbbbbbbbbbb.tmp`, 24 * 3600_000),
    ];
    const kept = [
      file(`${fileName('c')}.4242.cccccccccccc.tmp`, 0), // another process's write in progress
      file(`${fileName('d')}.4242.dddddddddddd.tmp`, STALE_TEMP_MS - 20_000),
      // another process's take in progress: renamed just now (fresh ctime) from an old file (old mtime)
      file(`${fileName('e')}.4242.eeeeeeeeeeee.take.tmp`, STALE_TEMP_MS + 60_000),
      file(fileName('f'), STALE_TEMP_MS + 60_000), // an old value is a value
      file('notes.txt', STALE_TEMP_MS + 60_000), // not ours
    ];
    const store = new FileStore(folder);
    await expect(store.get('f')).resolves.toBe('partial'); // waits for the sweep
    const left = fs.readdirSync(folder).sort();
    expect(left).toEqual([...kept].sort());
    for (const name of stale) expect(left).not.toContain(name);
  });

  test('a folder that cannot be made fails every call', async () => {
    const blocker = path.join(tempFolder(), 'a-file');
    fs.writeFileSync(blocker, '');
    const store = new FileStore(path.join(blocker, 'store'));
    await expect(store.get('k')).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(store.set('k', 'v')).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(store.take('k')).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

// ---------------------------------------------------------------------------------------------

describe('FileStore across processes', () => {
  test(
    `a writer killed with SIGKILL at random moments (${CRASH_CYCLES} cycles) leaves whole values, none older than acknowledged`,
    async () => {
      expect(Number.isInteger(CRASH_CYCLES) && CRASH_CYCLES > 0).toBe(true);
      const folder = tempFolder();
      /** Per key: no value read later may have a smaller n (acknowledged, or seen after a crash). */
      const floor = new Map<string, number>();
      let acks = 0;

      for (let cycle = 0; cycle < CRASH_CYCLES; cycle++) {
        const writer = start('file-store-writer.cjs', [bundle(), folder, String(cycle * 1_000_000)]);
        await writer.waitFor((line) => line.startsWith('ack '));
        await sleep(5 + Math.random() * 55);
        writer.process.kill('SIGKILL');
        const { code, signal } = await writer.closed;
        children.delete(writer);
        expect({ cycle, code, signal, stderr: writer.stderr() }).toEqual({ cycle, code: null, signal: 'SIGKILL', stderr: '' });

        for (const line of writer.lines) {
          const match = /^ack (.+) (\d+)$/.exec(line);
          if (!match) throw new Error(`cycle ${cycle}: unexpected output ${JSON.stringify(line)}`);
          const [, key, n] = match;
          expect(KEYS).toContain(key);
          floor.set(key!, Math.max(floor.get(key!) ?? -1, Number(n)));
          acks++;
        }

        const store = new FileStore(folder);
        for (const [parity, key] of KEYS.entries()) {
          const text = await store.get(key);
          const least = floor.get(key);
          if (least === undefined) {
            // never acknowledged: absent, or whole
            if (text === undefined) continue;
          } else if (text === undefined) {
            throw new Error(`cycle ${cycle}: ${key} is missing, ${least} was acknowledged`);
          }
          let value: { n: number; pad: string };
          try {
            value = JSON.parse(text);
          } catch {
            throw new Error(`cycle ${cycle}: ${key} is torn (${text.length} chars): ${text.slice(0, 40)}…${text.slice(-40)}`);
          }
          expect(value).toEqual(record(value.n)); // whole, and all of one write
          expect(value.n % 2).toBe(parity); // and written to this key
          if (least !== undefined && value.n < least) {
            throw new Error(`cycle ${cycle}: ${key} holds n=${value.n}, but ${least} was acknowledged`);
          }
          floor.set(key, value.n);
        }
      }

      expect(acks).toBeGreaterThanOrEqual(CRASH_CYCLES);
      // Only the two keys' files and, at most one per crash, temporary leftovers (fresh, so kept).
      const names = fs.readdirSync(folder);
      const leftovers = names.filter((name) => name.endsWith('.tmp'));
      expect(names.filter((name) => !name.endsWith('.tmp')).sort()).toEqual(KEYS.map(fileName).sort());
      expect(leftovers.length).toBeLessThanOrEqual(CRASH_CYCLES);
      for (const name of leftovers) expect(KEYS.map(fileName).some((file) => name.startsWith(file + '.'))).toBe(true);
    },
    CRASH_CYCLES * 2_000 + 10_000,
  );

  test(`${TAKERS} processes take one key at the same moment: exactly one gets it (${TAKE_ROUNDS} rounds)`, async () => {
    const folder = tempFolder();
    const store = new FileStore(folder);
    for (let round = 0; round < TAKE_ROUNDS; round++) {
      const key = `login-code/${round}`;
      const value = JSON.stringify({ code: `code-${round}-${Math.random()}` });
      await store.set(key, value);

      const takers = Array.from({ length: TAKERS }, () => start('file-store-taker.cjs', [bundle(), folder, key]));
      await Promise.all(takers.map((taker) => taker.waitFor((line) => line === 'ready')));
      for (const taker of takers) taker.process.stdin!.write('go\n');
      const ends = await Promise.all(takers.map((taker) => taker.closed));
      for (const [i, end] of ends.entries()) {
        expect({ round, taker: i, ...end, stderr: takers[i]!.stderr() }).toEqual({ round, taker: i, code: 0, signal: null, stderr: '' });
      }

      const answers = takers.map((taker) => taker.lines.filter((line) => line !== 'ready'));
      for (const answer of answers) expect(answer).toHaveLength(1);
      const got = answers.map((answer) => answer[0]);
      expect({ round, winners: got.filter((line) => line !== 'undefined') }).toEqual({ round, winners: [`value ${JSON.stringify(value)}`] });
      expect(got.filter((line) => line === 'undefined')).toHaveLength(TAKERS - 1);

      await expect(store.get(key)).resolves.toBeUndefined();
      expect(fs.readdirSync(folder)).toEqual([]); // the key's file and the renamed copy are both gone
      for (const taker of takers) children.delete(taker);
    }
  }, 30_000);
});
