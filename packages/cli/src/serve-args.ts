/**
 * `wxbridge serve [--config <file>] [--store <url>] [--port <n>] [--host <address> [--expose]]`:
 * parsing only. The config file says the rest (serve-config.ts); `--store`, `--port` and `--host`
 * override it.
 */
import { envPort, optionValue, parseHost, parsePath, parsePort, UsageError } from './arg-values';
import { ConfigError } from './config-error';
import { parseStoreSpec, REDIS_EXAMPLE, type StoreSpec } from './store-spec';

/** The config file `serve` reads when given none. */
export const DEFAULT_CONFIG_FILE = 'wxbridge.config.json';

/** The server's port when neither the command line, PORT nor the config says. */
export const DEFAULT_SERVE_PORT = 5180;

export const SERVE_USAGE = `Usage: wxbridge serve [--config <file>] [--store <url>] [--port <n>] [--host <address> [--expose]]

Runs the wxbridge open-platform server: WeChat's server APIs (jscode2session, access
tokens, subscribe/send, SOTER, …) for the apps the config file names, over the store
it names. Point your backend's WeChat SDK at the URL it prints.

  --config <file>   the config file (default ${DEFAULT_CONFIG_FILE}): apps and their
                    templates, "store" (default "file:./data", next to the file),
                    "port", "host", "prefix", "secretsFile". Secrets are never in it:
                    WXBRIDGE_SECRET (the deployment secret) and each app's
                    "secretEnv" come from the environment, or from the secretsFile
                    (mode 0600); an app may give "secretHash" (SHA-256 hex) instead.
  --store <url>     the store (default: the config's "store"): file:<folder>, or a
                    Redis server with the deployment's key prefix, e.g.
                    ${REDIS_EXAMPLE} (needs @wxbridge/store-redis
                    installed beside the command)
  --port <n>        the port (default: $PORT, else the config's "port", else ${DEFAULT_SERVE_PORT}); 0 picks a free one
  --host <address>  the address to listen on (default: the config's "host", else
                    127.0.0.1). Any other than loopback also needs --expose.
  --expose          lets the server listen where other machines can reach it
  -h, --help        prints this help

See docs/server.md. Ctrl-C stops it.`;

export interface ServeCommand {
  kind: 'serve';
  /** The config file, as given. */
  config: string;
  /** `--store`: overrides the config's (a folder relative to the working directory). */
  store?: StoreSpec;
  /** `--port` or PORT: overrides the config's. */
  port?: number;
  /** `--host`: overrides the config's. */
  host?: string;
  /** `--expose`: the host may be one that other machines can reach. */
  expose: boolean;
}

export function parseServeArgs(rest: readonly string[], env: Record<string, string | undefined>): ServeCommand {
  let config = DEFAULT_CONFIG_FILE;
  let port = envPort(env, 65535);
  let host: string | undefined;
  let store: StoreSpec | undefined;
  let expose = false;
  for (let i = 0; i < rest.length; ) {
    const arg = rest[i]!;
    let option: [string | undefined, number] | undefined;
    if ((option = optionValue(rest, i, '--config'))) config = parsePath(option[0], '--config', DEFAULT_CONFIG_FILE);
    else if ((option = optionValue(rest, i, '--store'))) store = parseStore(option[0]);
    else if ((option = optionValue(rest, i, '--port'))) port = parsePort(option[0], '--port', 65535);
    else if ((option = optionValue(rest, i, '--host'))) host = parseHost(option[0]);
    else if (arg === '--expose') expose = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg} (wxbridge serve --help lists them)`);
    else throw new UsageError(`wxbridge serve takes no folder; name the config file with --config ${arg}`);
    i += option?.[1] ?? 1;
  }
  return { kind: 'serve', config, ...(store === undefined ? {} : { store }), ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }), expose };
}

/** `--store`'s value as a store spec (a folder relative to the working directory). */
function parseStore(text: string | undefined): StoreSpec {
  try {
    return parseStoreSpec(text, process.cwd(), '--store');
  } catch (error) {
    throw error instanceof ConfigError ? new UsageError(error.message) : error;
  }
}
