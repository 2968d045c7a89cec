// A `wxbridge dev` process serving until stopped, for the tests that run the command itself
// (the repository's node_modules/.bin/wxbridge, or the one installed from the packed tarball).
import { spawn, type SpawnOptions } from 'node:child_process';

export interface ServingCommand {
  /** What it has printed so far. */
  stdout(): string;
  stderr(): string;
  /** The page it says to open. */
  url: string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Only if it is still running: a failed test leaves nothing behind. */
  kill(): void;
}

/** Starts `bin` with `args` and resolves once it says "Ctrl-C stops it" (rejects if it exits first). */
export async function serving(bin: string, args: readonly string[], options: SpawnOptions = {}): Promise<ServingCommand> {
  const child = spawn(bin, args, { ...options, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => {
        stdout += chunk;
        if (/Ctrl-C stops it/.test(stdout)) resolve();
      });
      void exited.then((code) => reject(new Error(`wxbridge exited (${code}) before serving:\n${stdout}\n${stderr}`)));
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    url: /Open (http:\/\/\S+\/)/.exec(stdout)![1]!,
    stop: async (signal = 'SIGINT') => {
      child.kill(signal);
      return exited;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
