/**
 * `wxbridge`: the command behind `npx wxbridge dev <folder>`, `npm start` and `wxbridge serve`.
 * `dev` serves the folder in the demo superapp with the open-platform server and the folder's
 * developer backend; `serve` runs the open-platform server alone (serve-command.ts). Each prints
 * its URL, and on Ctrl-C (SIGINT) or SIGTERM closes its servers and exits 0. Resolves with the
 * exit code once it is done.
 */
import { relative } from 'node:path';
import { parseCliArgs, USAGE, UsageError } from './cli-args';
import { SERVE_USAGE } from './serve-args';
import { processIo, type CliIo } from './cli-io';
import { runServe } from './serve-command';
import { isLoopbackAddress } from './site-server';
import { startDemo } from './start-demo';

export { processIo, type CliIo } from './cli-io';

/** Exit codes: 0 done (or help asked for), 1 the command could not serve (a folder, a port), 2 the command line is wrong. */
export async function main(argv: readonly string[], env: Record<string, string | undefined>, io: CliIo = processIo): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`wxbridge: ${error.message}\n\n${argv[0] === 'serve' ? SERVE_USAGE : USAGE}`);
    return 2;
  }
  if (command.kind === 'usage') {
    io.err(USAGE);
    return 2;
  }
  if (command.kind === 'help') {
    io.out(command.text);
    return 0;
  }
  if (command.kind === 'serve') return runServe(command, env, io);
  let demo;
  try {
    demo = await startDemo({
      port: command.port,
      miniDirs: command.folders,
      appId: command.appId,
      host: command.host,
      expose: command.expose,
      platform: { data: command.data },
      log: io.err,
    });
  } catch (error) {
    io.err(`wxbridge dev: ${(error as Error).message}`);
    return 1;
  }
  const stopped = io.stopped();
  if (!isLoopbackAddress(command.host)) {
    io.err(
      `wxbridge dev: WARNING: listening on ${command.host} (--expose): anyone who can reach this machine can open the superapp, ` +
        'read every file of the mini program folders, call the mock host and read the demo\'s deployment secret and store token from the page. There is no login. Use it on a network you trust only.',
    );
  }
  io.out(`wxbridge dev: serving ${command.folders.join(', ')}`);
  io.out(`  superapp (host) ${demo.hostOrigin}`);
  // One origin per mini program, bound to its appid.
  demo.apps.forEach(({ origin, appId }, i) => io.out(`  mini program    ${origin}  appid ${appId}  ${command.folders[i]}`));
  const platform = demo.platform!;
  io.out(`  open platform   ${platform.url}  health ${platform.health}  data ${platform.data}`);
  demo.apps.forEach(({ backend, appId, dir }) => {
    if (backend !== undefined) io.out(`  backend         ${backend.url}  appid ${appId}  ${relative(dir, backend.file)}`);
  });
  demo.apps.forEach(({ appId, appIdFrom }, i) => {
    if (appIdFrom !== 'path') return;
    const choose = command.folders.length === 1 ? 'with --app-id <id> or in its project.config.json' : 'in its project.config.json';
    io.out(`  ${command.folders[i]} has no appid in a project.config.json: ${appId} is made up from its path (the same at every run); choose one ${choose}`);
  });
  io.out(`\n  Open ${demo.url}\n\n  Ctrl-C stops it.`);
  const signal = await stopped;
  await demo.close();
  io.out(`wxbridge dev: stopped (${signal})`);
  return 0;
}
