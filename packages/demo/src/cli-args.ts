/**
 * The `wxbridge` command line: `wxbridge dev <folder> [--port <n>]` and `--help`.
 * Parsing only; a mistake throws a `UsageError` whose message says what to type instead.
 */

/** The host page's port when none is given (the mini programs' are the next ones). */
export const DEFAULT_PORT = 5170;

export const USAGE = `Usage: wxbridge dev <mini-program-folder>... [--port <n>]

Serves your mini programs inside the wxbridge demo superapp: a host page with real
dialogs for every prompt and a mock panel that sets what each wx API answers.

  <mini-program-folder>  a folder with an index.html (which loads /__wxbridge/guest.js
                         before your code), or just an app.js (a page is generated);
                         its appid is project.config.json's. Several folders: each
                         mini program is served from its own origin.
  --port <n>             the host page's port (default ${DEFAULT_PORT}, or $PORT); the mini
                         programs are served from the next ports, one each.
                         0 picks free ports.
  -h, --help             prints this help

Open the URL it prints; Ctrl-C stops it.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type CliCommand = { kind: 'help' } | { kind: 'dev'; folders: string[]; port: number };

function parsePort(text: string | undefined, from: string): number {
  const port = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65534) {
    throw new UsageError(`${from} must be a port number from 0 to 65534, not ${JSON.stringify(text ?? '')}`);
  }
  return port;
}

export function parseCliArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): CliCommand {
  if (argv.length === 0 || argv.some((arg) => arg === '-h' || arg === '--help')) return { kind: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'dev') throw new UsageError(`unknown command ${JSON.stringify(command)}; the command is: wxbridge dev <mini-program-folder>`);
  let port = env.PORT === undefined || env.PORT === '' ? DEFAULT_PORT : parsePort(env.PORT, 'PORT');
  const folders: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--port') port = parsePort(rest[++i], '--port');
    else if (arg.startsWith('--port=')) port = parsePort(arg.slice('--port='.length), '--port');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else folders.push(arg);
  }
  if (folders.length === 0) throw new UsageError('name the mini program folder: wxbridge dev ./my-mini-program');
  return { kind: 'dev', folders, port };
}
