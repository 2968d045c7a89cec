/**
 * Child processes for the multi-process tests (the server's processes.test.ts, the Redis
 * deployment's): a bundled script started with node, its stdout read as lines, awaited by content
 * (never by time), killed with SIGKILL if still running after the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first line (so far or to come) for which `match` is not undefined; rejects if the child ends first. */
  line<T>(match: (line: string) => T | undefined): Promise<T>;
  /** Writes a line to its stdin. */
  send(line: string): void;
  /** Resolves once it has exited. */
  readonly exited: Promise<void>;
  stderr(): string;
}

const running = new Set<Child>();

afterEach(async () => {
  for (const child of running) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  await Promise.all([...running].map((child) => child.exited));
  running.clear();
});

export function startChild(script: string, args: readonly string[]): Child {
  const proc = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let rest = '';
  let errors = '';
  let over = false;
  const wake = () => waiters.forEach((waiter) => waiter());
  proc.stdout!.setEncoding('utf8').on('data', (text: string) => {
    const parts = (rest + text).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
    wake();
  });
  proc.stderr!.setEncoding('utf8').on('data', (text: string) => (errors += text));
  proc.stdin!.on('error', () => {}); // a killed child's stdin closes under us
  const exited = new Promise<void>((resolve) => proc.on('close', () => ((over = true), wake(), resolve())));
  const child: Child = {
    process: proc,
    exited,
    stderr: () => errors,
    send: (line) => void proc.stdin!.write(`${line}\n`),
    line: (match) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const look = () => {
          for (; seen < lines.length; seen++) {
            const found = match(lines[seen]!);
            if (found !== undefined) return settle(() => resolve(found));
          }
          if (over) settle(() => reject(new Error(`${script} ended before the line awaited; stderr:\n${errors}`)));
        };
        const settle = (done: () => void) => (waiters.delete(look), done());
        waiters.add(look);
        look();
      }),
  };
  running.add(child);
  return child;
}
