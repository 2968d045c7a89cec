/**
 * The `wxbridge` command line: `wxbridge dev <folder>... [--port <n>] [--app-id <id>] [--data <folder>]
 * [--host <address> [--expose]]`, `wxbridge serve …` (serve-args.ts) and `--help`. Parsing only; a
 * mistake throws a `UsageError` whose message says what to type instead.
 */
import { envPort, optionValue, parseHost, parsePath, parsePort, UsageError } from './arg-values';
import { appIdProblem } from './mini-program-folder';
import { parseServeArgs, SERVE_USAGE, type ServeCommand } from './serve-args';
import { DEMO_HOSTNAME, isLoopbackAddress } from './site-server';

export { UsageError } from './arg-values';

/** The host page's port when none is given (the mini programs' are the next ones). */
export const DEFAULT_PORT = 5170;

/** Where `wxbridge dev` keeps the open-platform server's data when given no `--data`. */
export const DEFAULT_DATA_DIR = '.wxbridge';

export const USAGE = `Usage: wxbridge dev <mini-program-folder>... [--port <n>] [--app-id <id>] [--data <folder>] [--host <address> [--expose]]
       wxbridge serve [--config <file>] …   (the open-platform server alone: wxbridge serve --help)

Serves your mini programs inside the wxbridge demo superapp: a host page with real
dialogs for every prompt and a mock panel that sets what each wx API answers, and
the open-platform server (wx.login codes, jscode2session, subscription messages)
that each mini program's backend calls.

  <mini-program-folder>  a folder with an index.html (which loads /__wxbridge/guest.js
                         before your code), or just an app.js (a page is generated).
                         Several folders: each mini program is served from its own
                         origin, with the appid of its own project.config.json.
  --port <n>             the host page's port (default ${DEFAULT_PORT}, or $PORT); the mini
                         programs are served from the next ports, one each.
                         0 picks free ports.
  --app-id <id>          the mini program's appid (one folder only). Default: the
                         appid of the folder's project.config.json, or one made up
                         from the folder's path (wxdev…, printed).
  --data <folder>        where the open-platform server keeps codes, sessions, messages
                         and the demo's deployment secret (default ${DEFAULT_DATA_DIR}, in the
                         current folder).
  --host <address>       the address to listen on (default ${DEMO_HOSTNAME}: this machine
                         only). Any other than loopback also needs --expose.
  --expose               lets --host open the servers to other machines (0.0.0.0: every
                         network interface). They have no login and serve your folders.
  -h, --help             prints this help

A mini program folder whose project.config.json has "wxbridge": {"backend": "<file>"}
gets that Node script run as its developer backend (see docs/demo.md).

Open the URL it prints; Ctrl-C stops it.`;

export interface DevCommand {
  kind: 'dev';
  folders: string[];
  port: number;
  /** `--app-id`: the one folder's appid, instead of its project.config.json's. */
  appId?: string;
  /** `--host`: the address the servers listen on. */
  host: string;
  /** `--expose`: the host may be one that other machines can reach. */
  expose: boolean;
  /** `--data`: the open-platform server's folder (default `.wxbridge`). */
  data: string;
}

export type { ServeCommand };

/** `help`: asked for (`--help`, exit 0), its text; `usage`: no arguments at all (exit 2). */
export type CliCommand = { kind: 'help'; text: string } | { kind: 'usage' } | DevCommand | ServeCommand;

function parseAppId(text: string | undefined): string {
  const problem = appIdProblem(text ?? '', '--app-id');
  if (problem !== undefined) throw new UsageError(problem);
  return text!;
}

export function parseCliArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): CliCommand {
  if (argv.length === 0) return { kind: 'usage' };
  const [command, ...rest] = argv;
  if (argv.some((arg) => arg === '-h' || arg === '--help')) return { kind: 'help', text: command === 'serve' ? SERVE_USAGE : USAGE };
  if (command === 'serve') return parseServeArgs(rest, env);
  if (command !== 'dev') {
    throw new UsageError(`unknown command ${JSON.stringify(command)}; the commands are: wxbridge dev <mini-program-folder>, wxbridge serve --config <file>`);
  }
  return parseDevArgs(rest, env);
}

function parseDevArgs(rest: readonly string[], env: Record<string, string | undefined>): DevCommand {
  let port = envPort(env) ?? DEFAULT_PORT;
  let appId: string | undefined;
  let host = DEMO_HOSTNAME;
  let expose = false;
  let data = DEFAULT_DATA_DIR;
  const folders: string[] = [];
  for (let i = 0; i < rest.length; ) {
    const arg = rest[i]!;
    let option: [string | undefined, number] | undefined;
    if ((option = optionValue(rest, i, '--port'))) port = parsePort(option[0], '--port');
    else if ((option = optionValue(rest, i, '--app-id'))) appId = parseAppId(option[0]);
    else if ((option = optionValue(rest, i, '--host'))) host = parseHost(option[0]);
    else if ((option = optionValue(rest, i, '--data'))) data = parsePath(option[0], '--data', DEFAULT_DATA_DIR);
    else if (arg === '--expose') expose = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else folders.push(arg);
    i += option?.[1] ?? 1;
  }
  if (folders.length === 0) throw new UsageError('name the mini program folder: wxbridge dev ./my-mini-program');
  if (appId !== undefined && folders.length > 1) {
    throw new UsageError(
      `--app-id names the app of one mini program, and ${folders.length} folders are given; give each folder its own appid in its project.config.json`,
    );
  }
  if (!isLoopbackAddress(host) && !expose) {
    throw new UsageError(
      `--host ${host} lets other machines open the superapp and read your mini program folders (no login, mock answers); add --expose if you mean it, or leave --host out for ${DEMO_HOSTNAME}`,
    );
  }
  return { kind: 'dev', folders, port, ...(appId === undefined ? {} : { appId }), host, expose, data };
}
