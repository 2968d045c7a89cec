/**
 * The `wxbridge` command line: `wxbridge dev <folder>... [--port <n>] [--app-id <id>] [--host <address> [--expose]]`
 * and `--help`. Parsing only; a mistake throws a `UsageError` whose message says what to type instead.
 */
import { isIP } from 'node:net';
import { appIdProblem } from './mini-program-folder';
import { DEMO_HOSTNAME, isLoopbackAddress } from './site-server';

/** The host page's port when none is given (the mini programs' are the next ones). */
export const DEFAULT_PORT = 5170;

export const USAGE = `Usage: wxbridge dev <mini-program-folder>... [--port <n>] [--app-id <id>] [--host <address> [--expose]]

Serves your mini programs inside the wxbridge demo superapp: a host page with real
dialogs for every prompt and a mock panel that sets what each wx API answers.

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
  --host <address>       the address to listen on (default ${DEMO_HOSTNAME}: this machine
                         only). Any other than loopback also needs --expose.
  --expose               lets --host open the servers to other machines (0.0.0.0: every
                         network interface). They have no login and serve your folders.
  -h, --help             prints this help

Open the URL it prints; Ctrl-C stops it.`;

/** A command line that cannot be run; `wxbridge` prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

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
}

/** `help`: asked for (`--help`, exit 0); `usage`: no arguments at all (exit 2). */
export type CliCommand = { kind: 'help' } | { kind: 'usage' } | DevCommand;

function parsePort(text: string | undefined, from: string): number {
  const port = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65534) {
    throw new UsageError(`${from} must be a port number from 0 to 65534, not ${JSON.stringify(text ?? '')}`);
  }
  return port;
}

function parseAppId(text: string | undefined): string {
  const problem = appIdProblem(text ?? '', '--app-id');
  if (problem !== undefined) throw new UsageError(problem);
  return text!;
}

function parseHost(text: string | undefined): string {
  if (text === undefined || (isIP(text) === 0 && text !== 'localhost')) {
    throw new UsageError(`--host must be an IP address of this machine (${DEMO_HOSTNAME}, ::1, 0.0.0.0 for every interface, …), not ${JSON.stringify(text ?? '')}`);
  }
  return text;
}

/** `--name value` or `--name=value`: the value, and how many arguments it took. */
function optionValue(rest: readonly string[], i: number, name: string): [string | undefined, number] | undefined {
  const arg = rest[i]!;
  if (arg === name) return [rest[i + 1], 2];
  if (arg.startsWith(name + '=')) return [arg.slice(name.length + 1), 1];
  return undefined;
}

export function parseCliArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): CliCommand {
  if (argv.length === 0) return { kind: 'usage' };
  if (argv.some((arg) => arg === '-h' || arg === '--help')) return { kind: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'dev') throw new UsageError(`unknown command ${JSON.stringify(command)}; the command is: wxbridge dev <mini-program-folder>`);
  let port = env.PORT === undefined || env.PORT === '' ? DEFAULT_PORT : parsePort(env.PORT, 'PORT');
  let appId: string | undefined;
  let host = DEMO_HOSTNAME;
  let expose = false;
  const folders: string[] = [];
  for (let i = 0; i < rest.length; ) {
    const arg = rest[i]!;
    let option: [string | undefined, number] | undefined;
    if ((option = optionValue(rest, i, '--port'))) port = parsePort(option[0], '--port');
    else if ((option = optionValue(rest, i, '--app-id'))) appId = parseAppId(option[0]);
    else if ((option = optionValue(rest, i, '--host'))) host = parseHost(option[0]);
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
  return { kind: 'dev', folders, port, ...(appId === undefined ? {} : { appId }), host, expose };
}
