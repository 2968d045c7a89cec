/**
 * `wxbridge`: the command behind `npx wxbridge dev <folder>` and `npm start`. Serves the folder
 * in the demo superapp, prints the URL, and on Ctrl-C (SIGINT) or SIGTERM closes the servers
 * and exits 0. Resolves with the exit code once it is done.
 */
import { parseCliArgs, USAGE, UsageError } from './cli-args';
import { startDemo } from './start-demo';

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

export async function main(argv: readonly string[], env: Record<string, string | undefined>, io: CliIo = processIo): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`wxbridge: ${error.message}\n\n${USAGE}`);
    return 1;
  }
  if (command.kind === 'help') {
    io.out(USAGE);
    return 0;
  }
  let demo;
  try {
    demo = await startDemo({ port: command.port, miniDirs: command.folders });
  } catch (error) {
    io.err(`wxbridge dev: ${(error as Error).message}`);
    return 1;
  }
  const stopped = io.stopped();
  io.out(`wxbridge dev: serving ${command.folders.join(', ')}`);
  io.out(`  superapp (host) ${demo.hostOrigin}`);
  // One origin per mini program, bound to its appid.
  demo.apps.forEach(({ origin, appId }, i) => io.out(`  mini program    ${origin}  appid ${appId}  ${command.folders[i]}`));
  io.out(`\n  Open ${demo.url}\n\n  Ctrl-C stops it.`);
  const signal = await stopped;
  await demo.close();
  io.out(`wxbridge dev: stopped (${signal})`);
  return 0;
}
