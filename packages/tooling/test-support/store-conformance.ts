/**
 * The store contract's conformance suite: the Jest tests any `SharedStore` must pass (MemoryStore,
 * FileStore, a Redis store…), from one call in a test file:
 *
 *   describeStoreConformance('FileStore', async () => ({ store, close, childArgs: { folder } }), child);
 *
 * In one process: round trips, odd keys and values, `take` once, `setIfAbsent`, `adjust` with a
 * floor, expiry, concurrent calls, and `takeAfter` (store-conformance-take-after.ts). With a `child` spec, the same across real child processes:
 * each child is plain `node` running a small runner (written to a temporary file) that requires
 * the spec's CommonJS module, calls its `openStore(childArgs)` and performs the calls the test sends
 * it once every child is ready, so that they race.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SharedStore } from '@wxbridge/store';
import { declareTakeAfter } from './store-conformance-take-after';

export interface OpenedStore {
  store: SharedStore;
  /** Releases what `open` made: a temporary folder, a client, the keys under a test prefix. */
  close(): Promise<void>;
  /**
   * With a `ChildStoreSpec`: JSON the child's `openStore(args)` turns into a store sharing this
   * one's data (e.g. `{folder}` for a FileStore, `{url, prefix}` for a Redis store).
   */
  childArgs?: unknown;
}

export interface ChildStoreSpec {
  /**
   * The path of a CommonJS file that plain `node` can require (no TypeScript, no `@wxbridge/*`
   * resolution: bundle it, e.g. with browser-bundle.ts's `bundleForNode`), exporting
   * `openStore(args)` → the store or a promise of it, and optionally `closeStore(store)`, which must
   * release whatever keeps a process alive (a client's socket). Called once, before the first child.
   */
  module(): string | Promise<string>;
  /** Processes per race (default 4). */
  processes?: number;
}

/** What a child reports for one call: the value (a SHA-256 of it with `digest`), or the error's message. */
interface CallResult {
  value?: unknown;
  error?: string;
}

interface Call {
  op: 'get' | 'set' | 'delete' | 'take' | 'setIfAbsent' | 'adjust';
  args: unknown[];
}

/**
 * What a child does once told to go: `calls` one after another, or all at once (`parallel`), or
 * the first call again and again until its results have taken `distinct` different values (or
 * `max` calls).
 */
interface Job {
  calls: Call[];
  parallel?: boolean;
  digest?: boolean;
  repeat?: { distinct: number; max: number };
}

const SHORT_TTL_MS = 50;
/** Long enough for a get right after the set to find the value, even on a loaded machine. */
const CHECKED_TTL_MS = 400;
const POLL_TIMEOUT_MS = 5_000;
const IN_PROCESS_TIMEOUT_MS = 30_000;
const CHILD_TIMEOUT_MS = 90_000;

/** Resolves once `check` (awaited) is true, re-checking every few milliseconds; fails after a while, naming `what`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = POLL_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A call that may throw synchronously (MemoryStore) or reject (FileStore), as a promise. */
const attempt = <T>(call: () => T | Promise<T>): Promise<T> => Promise.resolve().then(call);

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Values a store must keep byte for byte. */
export const ODD_VALUES: readonly string[] = [
  '',
  ' ',
  '\n',
  '\r\n\t',
  '0',
  'null',
  '{"a":[1,2,{"b":"c"}]}',
  '"quoted \\" and \\\\"',
  'unicode ✓ 漢字 한국어 العربية 🙂👍🏽 e\u0301',
  '\u0000 nul and \u001f control',
  '#wxbridge-store/1 expires=1\nlooks like a header',
  '#!/bin/sh\necho',
];

/** Keys a store must keep apart and round-trip. */
export const ODD_KEYS: readonly string[] = [
  'plain',
  '',
  'a/b',
  'a/b/',
  '/abs/path',
  '../../escape',
  '.',
  '..',
  '.hidden',
  '%',
  '%2F',
  'a%2Fb',
  'space key',
  'tab\tkey',
  'back\\slash',
  'C:\\windows',
  'colon:key',
  'wxbridge/codes/v1/abc',
  'UPPER',
  'upper',
  'Ab',
  'aB',
  'CON',
  'k_abc.json',
  '漢字',
  '🙂 emoji',
  'x'.repeat(300),
  'x'.repeat(299) + 'y',
  '漢'.repeat(300),
  '/'.repeat(300),
];

/**
 * Declares the conformance tests of one store. `open` gives a fresh, empty store per test (and what
 * closes it); `child`, when given, adds the tests across child processes.
 */
export function describeStoreConformance(name: string, open: () => Promise<OpenedStore>, child?: ChildStoreSpec): void {
  describe(`${name} conforms to the store contract`, () => {
    const opened: OpenedStore[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((one) => one.close()));
    });
    const fresh = async (): Promise<OpenedStore> => {
      const one = await open();
      opened.push(one);
      return one;
    };
    const store = async () => (await fresh()).store;

    describe('in one process', () => {
      declareRoundTrips(store);
      declareOperations(store);
      declareExpiry(store);
      declareConcurrency(store);
      declareTakeAfter(store, eventually, IN_PROCESS_TIMEOUT_MS);
    });
    if (child) describe('across child processes', () => declareChildren(fresh, child));
  });
}

// ---------------------------------------------------------------------------------------------

function declareRoundTrips(store: () => Promise<SharedStore>): void {
  test('get / set / delete round trips', async () => {
    const s = await store();
    expect(await s.get('a')).toBeUndefined();
    await s.set('a', '{"v":1}');
    await s.set('b', '{"v":2}');
    expect(await s.get('a')).toBe('{"v":1}');
    await s.set('a', '{"v":3}');
    expect(await s.get('a')).toBe('{"v":3}');
    await s.delete('a');
    expect(await s.get('a')).toBeUndefined();
    expect(await s.get('b')).toBe('{"v":2}');
    await s.delete('never-set'); // deleting a missing key is fine
    expect(await s.get('never-set')).toBeUndefined();
  });

  test('odd values (empty, whitespace, unicode, control characters, header-like text) and a 2 MiB value come back as written', async () => {
    const s = await store();
    const big = Array.from({ length: 2 * 1024 }, (_, i) => `${i} ✓ 漢字 🙂 `.padEnd(1024 - 10, '.') + '\n').join('');
    const values = [...ODD_VALUES, big];
    await Promise.all(values.map((value, i) => s.set(`value/${i}`, value)));
    for (const [i, value] of values.entries()) expect({ i, value: await s.get(`value/${i}`) }).toEqual({ i, value });
    expect(await s.take(`value/${values.length - 1}`)).toBe(big);
    expect(await s.setIfAbsent('value/empty', '')).toBe(true);
    expect(await s.get('value/empty')).toBe(''); // an empty string is a value, not absence
    expect(await s.setIfAbsent('value/empty', 'x')).toBe(false);
    expect(await s.take('value/empty')).toBe('');
    expect(await s.get('value/empty')).toBeUndefined();
  }, IN_PROCESS_TIMEOUT_MS);

  test('keys with slashes, %, dots, case, unicode and 300 characters are distinct and round-trip', async () => {
    const s = await store();
    await Promise.all(ODD_KEYS.map((key, i) => s.set(key, JSON.stringify({ i, key }))));
    for (const [i, key] of ODD_KEYS.entries()) expect({ key, value: await s.get(key) }).toEqual({ key, value: JSON.stringify({ i, key }) });
    expect(await s.take('a/b')).toBe(JSON.stringify({ i: ODD_KEYS.indexOf('a/b'), key: 'a/b' }));
    expect(await s.get('a/b/')).toBe(JSON.stringify({ i: ODD_KEYS.indexOf('a/b/'), key: 'a/b/' }));
    expect(await s.adjust('%', 1)).toBe(1); // the JSON there is no integer: counts as 0
    expect(await s.get('%2F')).toBe(JSON.stringify({ i: ODD_KEYS.indexOf('%2F'), key: '%2F' }));
    await Promise.all(ODD_KEYS.map((key) => s.delete(key)));
    for (const key of ODD_KEYS) expect({ key, value: await s.get(key) }).toEqual({ key, value: undefined });
  }, IN_PROCESS_TIMEOUT_MS);
}

function declareOperations(store: () => Promise<SharedStore>): void {
  test('take returns a value exactly once, and the key is free again after', async () => {
    const s = await store();
    expect(await s.take('code')).toBeUndefined();
    await s.set('code', '"abc"');
    expect(await s.take('code')).toBe('"abc"');
    expect(await s.take('code')).toBeUndefined();
    expect(await s.get('code')).toBeUndefined();
    expect(await s.setIfAbsent('code', '"def"')).toBe(true);
    expect(await s.take('code')).toBe('"def"');
  });

  test('setIfAbsent writes only when the key holds nothing', async () => {
    const s = await store();
    expect(await s.setIfAbsent('k', 'first')).toBe(true);
    expect(await s.get('k')).toBe('first');
    expect(await s.setIfAbsent('k', 'second')).toBe(false);
    expect(await s.get('k')).toBe('first');
    await s.set('k', 'third');
    expect(await s.setIfAbsent('k', 'fourth')).toBe(false);
    expect(await s.get('k')).toBe('third');
    await s.delete('k');
    expect(await s.setIfAbsent('k', 'fifth')).toBe(true);
    expect(await s.get('k')).toBe('fifth');
  });

  test('adjust adds to the integer a key holds (0 when absent) and returns it as the key\'s decimal text', async () => {
    const s = await store();
    expect(await s.adjust('n', 5)).toBe(5);
    expect(await s.get('n')).toBe('5');
    expect(await s.adjust('n', -7)).toBe(-2);
    expect(await s.adjust('n', 0)).toBe(-2);
    expect(await s.get('n')).toBe('-2');
    await s.set('m', '41');
    expect(await s.adjust('m', 1)).toBe(42);
    expect(await s.get('m')).toBe('42');
    expect(await s.adjust('big', Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    await expect(attempt(() => s.adjust('big', 1))).rejects.toThrow(RangeError);
    expect(await s.get('big')).toBe(String(Number.MAX_SAFE_INTEGER));
  });

  test('adjust with min: the floor is reached but never crossed, and a refused adjust changes nothing', async () => {
    const s = await store();
    await s.set('c', '2');
    expect(await s.adjust('c', -1, { min: 0 })).toBe(1);
    expect(await s.adjust('c', -1, { min: 0 })).toBe(0);
    expect(await s.adjust('c', -1, { min: 0 })).toBeUndefined();
    expect(await s.get('c')).toBe('0');
    expect(await s.adjust('absent', -1, { min: 0 })).toBeUndefined();
    expect(await s.get('absent')).toBeUndefined(); // a refused adjust does not create the key
    expect(await s.adjust('c', 3, { min: 5 })).toBeUndefined();
    expect(await s.adjust('c', -4, { min: -5 })).toBe(-4);
    expect(await s.adjust('c', -2, { min: -5 })).toBeUndefined();
    expect(await s.get('c')).toBe('-4');
  });

  test('bad arguments are refused with a TypeError naming delta, min or ttlMs, and change nothing', async () => {
    const s = await store();
    await s.set('k', '1');
    for (const delta of [1.5, Number.NaN, Infinity, '1' as unknown as number]) {
      await expect(attempt(() => s.adjust('k', delta))).rejects.toThrow(/delta/);
      await expect(attempt(() => s.adjust('k', delta))).rejects.toThrow(TypeError);
    }
    await expect(attempt(() => s.adjust('k', -1, { min: 0.5 }))).rejects.toThrow(/min/);
    for (const ttlMs of [0, -1, Number.NaN, Infinity, '50' as unknown as number]) {
      await expect(attempt(() => s.set('k', '2', { ttlMs }))).rejects.toThrow(/ttlMs/);
      await expect(attempt(() => s.setIfAbsent('fresh', '2', { ttlMs }))).rejects.toThrow(/ttlMs/);
      await expect(attempt(() => s.adjust('k', 1, { ttlMs }))).rejects.toThrow(/ttlMs/);
    }
    expect(await s.get('k')).toBe('1');
    expect(await s.get('fresh')).toBeUndefined();
  });
}

function declareExpiry(store: () => Promise<SharedStore>): void {
  const gone = (s: SharedStore, key: string) => eventually(async () => (await s.get(key)) === undefined, `${key} reads as absent`);

  test(`a key set with ttlMs reads as present until then, and as absent from then on`, async () => {
    const s = await store();
    const before = Date.now();
    await s.set('t', 'v', { ttlMs: CHECKED_TTL_MS });
    expect(await s.get('t')).toBe('v');
    await gone(s, 't');
    expect(Date.now() - before).toBeGreaterThanOrEqual(CHECKED_TTL_MS);
    expect(await s.get('t')).toBeUndefined();
    await s.set('long', 'v', { ttlMs: 3600_000 });
    expect(await s.get('long')).toBe('v');
  });

  test('an expired key is absent for take, setIfAbsent and adjust too', async () => {
    const s = await store();
    for (const key of ['take', 'setIfAbsent', 'adjust', 'adjust-min']) await s.set(key, '41', { ttlMs: SHORT_TTL_MS });
    await s.set('sentinel', 'v', { ttlMs: SHORT_TTL_MS }); // set last: expires last
    await gone(s, 'sentinel');
    expect(await s.take('take')).toBeUndefined();
    expect(await s.setIfAbsent('setIfAbsent', 'new')).toBe(true);
    expect(await s.get('setIfAbsent')).toBe('new');
    expect(await s.adjust('adjust', 1)).toBe(1);
    expect(await s.adjust('adjust-min', -1, { min: 0 })).toBeUndefined();
    expect(await s.get('adjust-min')).toBeUndefined();
  });

  test('set without ttlMs makes a key permanent again; adjust without ttlMs keeps its expiry', async () => {
    const s = await store();
    await s.set('permanent', 'a', { ttlMs: SHORT_TTL_MS });
    await s.set('permanent', 'b');
    await s.set('counter', '5', { ttlMs: SHORT_TTL_MS });
    expect(await s.adjust('counter', 1)).toBe(6);
    await s.set('plain-counter', '5');
    expect(await s.adjust('plain-counter', 1)).toBe(6);
    await gone(s, 'counter');
    await s.set('sentinel', 'v', { ttlMs: SHORT_TTL_MS });
    await gone(s, 'sentinel');
    expect(await s.get('permanent')).toBe('b');
    expect(await s.get('plain-counter')).toBe('6');
  });

  test('setIfAbsent and adjust with ttlMs set an expiry', async () => {
    const s = await store();
    expect(await s.setIfAbsent('once', 'v', { ttlMs: SHORT_TTL_MS })).toBe(true);
    await s.set('counter', '5');
    expect(await s.adjust('counter', 1, { ttlMs: SHORT_TTL_MS })).toBe(6);
    expect(await s.adjust('fresh-counter', 1, { ttlMs: SHORT_TTL_MS })).toBe(1);
    await gone(s, 'once');
    await gone(s, 'counter');
    await gone(s, 'fresh-counter');
    expect(await s.setIfAbsent('once', 'again')).toBe(true);
  });
}

function declareConcurrency(store: () => Promise<SharedStore>): void {
  test('100 concurrent adjust(-1, {min: 0}) on a counter of 10: exactly 10 succeed, each with its own value', async () => {
    const s = await store();
    await s.set('counter', '10');
    const results = await Promise.all(Array.from({ length: 100 }, () => s.adjust('counter', -1, { min: 0 })));
    const won = results.filter((result) => result !== undefined);
    expect([...won].sort((a, b) => a! - b!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await s.get('counter')).toBe('0');
  }, IN_PROCESS_TIMEOUT_MS);

  test('100 concurrent adjust(+1): no update lost', async () => {
    const s = await store();
    const results = await Promise.all(Array.from({ length: 100 }, () => s.adjust('counter', 1)));
    expect([...results].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await s.get('counter')).toBe('100');
  }, IN_PROCESS_TIMEOUT_MS);

  test('50 concurrent setIfAbsent: exactly one true, and its value stays', async () => {
    const s = await store();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.setIfAbsent('k', `writer ${i}`)));
    expect(results.filter((result) => result === true)).toHaveLength(1);
    expect(await s.get('k')).toBe(`writer ${results.indexOf(true)}`);
  }, IN_PROCESS_TIMEOUT_MS);

  test('50 concurrent take: exactly one gets the value', async () => {
    const s = await store();
    await s.set('code', 'the value');
    const results = await Promise.all(Array.from({ length: 50 }, () => s.take('code')));
    expect(results.filter((result) => result !== undefined)).toEqual(['the value']);
    expect(await s.get('code')).toBeUndefined();
  }, IN_PROCESS_TIMEOUT_MS);
}

// ---------------------------------------------------------------------------------------------
// Child processes.

/** The child: plain CommonJS, run by `node <runner> <module> <args JSON>`; one job from stdin. */
const RUNNER = String.raw`'use strict';
const { createInterface } = require('node:readline');
const { createHash } = require('node:crypto');
const [modulePath, argsText] = process.argv.slice(2);

async function perform(store, job) {
  const call = async ({ op, args }) => {
    try {
      const value = await store[op](...args);
      if (job.digest && typeof value === 'string') return { value: createHash('sha256').update(value, 'utf8').digest('hex') };
      return value === undefined ? {} : { value };
    } catch (error) {
      return { error: String((error && error.message) || error) };
    }
  };
  if (job.parallel) return Promise.all(job.calls.map(call));
  const results = [];
  if (job.repeat) {
    const seen = new Set();
    while (seen.size < job.repeat.distinct && results.length < job.repeat.max) {
      const result = await call(job.calls[0]);
      seen.add(JSON.stringify(result));
      results.push(result);
    }
    return results;
  }
  for (const one of job.calls) results.push(await call(one));
  return results;
}

async function main() {
  const mod = require(modulePath);
  const store = await mod.openStore(JSON.parse(argsText));
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  for await (const line of lines) {
    process.stdout.write('result ' + JSON.stringify(await perform(store, JSON.parse(line))) + '\n');
    break;
  }
  lines.close();
  if (typeof mod.closeStore === 'function') await mod.closeStore(store);
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + '\n');
  process.exit(1);
});
`;

interface ChildRun {
  process: ChildProcess;
  /** Resolves at the child's `ready` line. */
  ready: Promise<void>;
  /** Sends the job; resolves with the results once the child has reported them and exited cleanly. */
  run(job: Job): Promise<CallResult[]>;
}

function startChild(runner: string, module: string, args: unknown, label: string): ChildRun {
  const proc = spawn(process.execPath, [runner, module, JSON.stringify(args ?? null)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let ended = false;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((waiter) => waiter());
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  proc.stdin!.on('error', () => {}); // a child that died closes its stdin under us
  const closed = new Promise<number | null>((resolve) =>
    proc.on('close', (code) => {
      ended = true;
      notify();
      resolve(code);
    }),
  );
  /** The rest of the first whole line starting with `prefix`; rejects if the child ends first. */
  const line = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = stdout.split('\n').slice(0, -1).find((text) => text.startsWith(prefix));
        if (found === undefined && !ended) return;
        waiters.delete(check);
        if (found === undefined) reject(new Error(`${label} exited (${proc.exitCode}, ${proc.signalCode}) before "${prefix.trim()}"; stderr: ${stderr}`));
        else resolve(found.slice(prefix.length));
      };
      waiters.add(check);
      check();
    });
  return {
    process: proc,
    ready: line('ready').then(() => {}),
    async run(job) {
      proc.stdin!.write(JSON.stringify(job) + '\n');
      const results = JSON.parse(await line('result ')) as CallResult[];
      const code = await closed;
      expect({ label, code, stderr }).toEqual({ label, code: 0, stderr: '' });
      return results;
    },
  };
}

function declareChildren(fresh: () => Promise<OpenedStore>, spec: ChildStoreSpec): void {
  const processes = spec.processes ?? 4;
  let scratch: string;
  let runner: string;
  let module: string;
  const running = new Set<ChildProcess>();

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wxbridge-store-conformance-'));
    runner = path.join(scratch, 'runner.cjs');
    fs.writeFileSync(runner, RUNNER);
    module = await spec.module();
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
  // Before the store is closed (the outer afterEach): no child is left to write into it.
  afterEach(async () => {
    const ending = [...running].map((proc) =>
      proc.exitCode !== null || proc.signalCode !== null ? undefined : new Promise((resolve) => proc.once('exit', resolve).kill('SIGKILL')),
    );
    running.clear();
    await Promise.all(ending);
  });

  /** Starts `count` children on the store of `opened`, waits until all are ready, then runs `jobs[i]` on the i-th at once. */
  const race = async (opened: OpenedStore, jobs: Job[]): Promise<CallResult[][]> => {
    if (opened.childArgs === undefined) throw new Error('describeStoreConformance: with a child spec, open() must return childArgs');
    const children = jobs.map((_, i) => startChild(runner, module, opened.childArgs, `child ${i}`));
    for (const child of children) running.add(child.process);
    await Promise.all(children.map((child) => child.ready));
    return Promise.all(children.map((child, i) => child.run(jobs[i]!)));
  };
  const values = (results: CallResult[]) => {
    for (const result of results) if (result.error !== undefined) throw new Error(`a child's call failed: ${result.error}`);
    return results.map((result) => result.value);
  };
  declareChildTests(fresh, race, values, processes);
}

type Race = (opened: OpenedStore, jobs: Job[]) => Promise<CallResult[][]>;

function declareChildTests(fresh: () => Promise<OpenedStore>, race: Race, values: (results: CallResult[]) => unknown[], processes: number): void {
  const everyChild = (job: (i: number) => Job) => Array.from({ length: processes }, (_, i) => job(i));

  test('what one process writes, another reads, takes and sees expire', async () => {
    const opened = await fresh();
    const s = opened.store;
    const value = `unicode ✓ 漢字 🙂 ${'x'.repeat(10_000)}`;
    await s.set('from-parent', value);
    await s.set('to-take', 'once');
    const [results] = await race(opened, [
      {
        calls: [
          { op: 'get', args: ['from-parent'] },
          { op: 'take', args: ['to-take'] },
          { op: 'set', args: ['from-child', value] },
          { op: 'set', args: ['expiring', 'soon', { ttlMs: CHECKED_TTL_MS }] },
          { op: 'adjust', args: ['counter', 3] },
        ],
      },
    ]);
    expect(values(results!)).toEqual([value, 'once', undefined, undefined, 3]);
    expect(await s.get('to-take')).toBeUndefined();
    expect(await s.get('from-child')).toBe(value);
    expect(await s.adjust('counter', 1)).toBe(4);
    await eventually(async () => (await s.get('expiring')) === undefined, 'the child\'s expiring key reads as absent');
  }, CHILD_TIMEOUT_MS);

  test(`${processes} processes each adjust(-1, {min: 0}) 40 times a counter of 100: exactly 100 succeed, each with its own value`, async () => {
    const opened = await fresh();
    await opened.store.set('counter', '100');
    const results = await race(opened, everyChild(() => ({ calls: Array.from({ length: 40 }, () => ({ op: 'adjust', args: ['counter', -1, { min: 0 }] })) })));
    const won = results.flatMap(values).filter((value) => value !== undefined) as number[];
    expect(won.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(await opened.store.get('counter')).toBe('0');
  }, CHILD_TIMEOUT_MS);

  test(`${processes} processes each adjust(+1) 25 times: no update lost`, async () => {
    const opened = await fresh();
    const results = await race(opened, everyChild(() => ({ calls: Array.from({ length: 25 }, () => ({ op: 'adjust', args: ['counter', 1] })) })));
    const returned = results.flatMap(values) as number[];
    expect(returned.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 * processes }, (_, i) => i + 1));
    expect(await opened.store.get('counter')).toBe(String(25 * processes));
  }, CHILD_TIMEOUT_MS);

  test(`${processes} processes take the same 20 keys at once: exactly one winner per key`, async () => {
    const opened = await fresh();
    const keys = Array.from({ length: 20 }, (_, i) => `code/${i}`);
    await Promise.all(keys.map((key) => opened.store.set(key, `value of ${key}`)));
    const results = await race(opened, everyChild(() => ({ parallel: true, calls: keys.map((key) => ({ op: 'take', args: [key] })) })));
    const got = results.map(values);
    for (const [k, key] of keys.entries()) {
      expect({ key, winners: got.map((child) => child[k]).filter((value) => value !== undefined) }).toEqual({ key, winners: [`value of ${key}`] });
      expect(await opened.store.get(key)).toBeUndefined();
    }
  }, CHILD_TIMEOUT_MS);

  test(`${processes} processes setIfAbsent the same 20 keys at once: exactly one winner per key, whose value stays`, async () => {
    const opened = await fresh();
    const keys = Array.from({ length: 20 }, (_, i) => `once/${i}`);
    await opened.store.set(keys[0]!, 'already there');
    const results = await race(opened, everyChild((i) => ({ parallel: true, calls: keys.map((key) => ({ op: 'setIfAbsent', args: [key, `child ${i}`] })) })));
    const got = results.map(values);
    for (const [k, key] of keys.entries()) {
      const winners = got.flatMap((child, i) => (child[k] === true ? [i] : []));
      expect({ key, results: got.every((child) => typeof child[k] === 'boolean') }).toEqual({ key, results: true });
      expect({ key, winners: winners.length }).toEqual({ key, winners: k === 0 ? 0 : 1 });
      expect(await opened.store.get(key)).toBe(k === 0 ? 'already there' : `child ${winners[0]}`);
    }
  }, CHILD_TIMEOUT_MS);

  test('a reader in another process sees only whole values (or none) while 256 KiB values are set, deleted and setIfAbsent', async () => {
    const opened = await fresh();
    const written = Array.from({ length: 8 }, (_, i) => `${i}:`.padEnd(256 * 1024, String.fromCharCode(0x61 + i)));
    await opened.store.set('whole', written[0]!);
    // The reader reads until it has seen the key change 3 times; the writer writes until then.
    const reads = race(opened, [{ digest: true, repeat: { distinct: 4, max: 100_000 }, calls: [{ op: 'get', args: ['whole'] }] }]);
    let settled = false;
    void reads.finally(() => (settled = true)).catch(() => {});
    for (let n = 1; !settled; n++) {
      const value = written[n % written.length]!;
      if (n % 3 !== 0) {
        await opened.store.set('whole', value);
      } else {
        await opened.store.delete('whole');
        expect(await opened.store.setIfAbsent('whole', value)).toBe(true);
      }
    }
    const digests = new Set(written.map(sha256));
    const seen = values((await reads)[0]!);
    expect(seen.filter((digest) => digest !== undefined && !digests.has(digest as string))).toEqual([]);
    expect(new Set(seen).size).toBe(4); // the reads did overlap the writes
  }, CHILD_TIMEOUT_MS);
}
