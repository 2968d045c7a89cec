/**
 * What a `wxbridge` command talks to: its output lines and the signal that stops it. The real
 * process's stdout, stderr, SIGINT and SIGTERM by default.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the process is told to stop. */
  stopped(): Promise<string>;
}

/** The real process: stdout, stderr, SIGINT and SIGTERM. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  stopped: () =>
    new Promise((resolve) => {
      const stop = (signal: string) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(signal);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
};
