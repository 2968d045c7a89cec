/**
 * `wxbridge serve`: the open-platform server for the apps of a config file, until SIGINT or
 * SIGTERM. Exit codes: 0 stopped, 1 it could not serve (the port, the store: a folder that cannot
 * be used, a Redis that cannot be reached, @wxbridge/store-redis not installed), 2 the command line
 * or the config is wrong (the message names the field).
 */
import type { CliIo } from './cli-io';
import { ConfigError } from './config-error';
import { listenPlatform, reportInternalError, type PlatformListener } from './platform-listener';
import { DEFAULT_SERVE_PORT, type ServeCommand } from './serve-args';
import { loadServeConfig, type ServeConfig } from './serve-config';
import { isLoopbackAddress } from './site-server';
import { describeStore, MissingStorePackage, openStore, probeStore, type OpenedStore, type StoreSpec } from './store-spec';

const WHO = 'wxbridge serve';

/** The store the command line or the config names, open, or the exit code and message of why not. */
async function openServeStore(command: ServeCommand, spec: StoreSpec, io: CliIo): Promise<OpenedStore | number> {
  let opened: OpenedStore | undefined;
  try {
    opened = await openStore(spec);
    await probeStore(opened.store);
    return opened;
  } catch (error) {
    await opened?.close();
    if (error instanceof ConfigError) {
      io.err(`${WHO}: ${spec.at === 'store' ? `${command.config}: ` : ''}${error.message}`);
      return 2;
    }
    io.err(error instanceof MissingStorePackage ? `${WHO}: ${error.message}` : `${WHO}: cannot use the store ${describeStore(spec)}: ${(error as Error).message.replace(/^createRedisStore: /, '')}`);
    return 1;
  }
}

/** The server running over its store, or the exit code and message of why it is not. */
async function start(command: ServeCommand, config: ServeConfig, io: CliIo): Promise<{ server: PlatformListener; opened: OpenedStore } | number> {
  const host = command.host ?? config.host;
  if (!isLoopbackAddress(host) && !command.expose) {
    io.err(`${WHO}: host ${host} lets other machines reach the server; add --expose if you mean it (put it behind HTTPS), or use 127.0.0.1`);
    return 2;
  }
  const opened = await openServeStore(command, command.store ?? config.store, io);
  if (typeof opened === 'number') return opened;
  try {
    const options = { store: opened.store, secret: config.secret, apps: config.apps, onError: reportInternalError(io.err, WHO) };
    const server = await listenPlatform(options, { port: command.port ?? config.port ?? DEFAULT_SERVE_PORT, host, prefix: config.prefix });
    return { server, opened };
  } catch (error) {
    await opened.close();
    const message = (error as Error).message;
    // The server's option checks name the config's own fields: apps[0].templates[1].keywords …
    if (error instanceof TypeError && message.startsWith('createServer: ')) {
      io.err(`${WHO}: ${command.config}: ${message.slice('createServer: '.length)}`);
      return 2;
    }
    io.err(`${WHO}: ${message}`);
    return 1;
  }
}

export async function runServe(command: ServeCommand, env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let config: ServeConfig;
  try {
    config = loadServeConfig(command.config, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`${WHO}: ${command.config}: ${error.message}`);
    return 2;
  }
  const started = await start(command, config, io);
  if (typeof started === 'number') return started;
  const { server, opened } = started;
  const store = command.store ?? config.store;
  const stopped = io.stopped();
  const host = command.host ?? config.host;
  if (!isLoopbackAddress(host)) io.err(`${WHO}: listening on ${host} (--expose): other machines can reach it; serve it over HTTPS (a proxy in front) outside a trusted network.`);
  io.out(`${WHO}: ${command.config}: ${config.apps.length === 1 ? '1 app' : `${config.apps.length} apps`} (${config.apps.map((app) => app.appId).join(', ')})`);
  io.out(`  open platform  ${server.url}`);
  io.out(`  health         ${server.health}`);
  io.out(`  store          ${describeStore(store)}`);
  io.out(`\n  Open ${server.health} to check it is up; point your backend's WeChat SDK at ${server.url} (its API base URL).\n\n  Ctrl-C stops it.`);
  const signal = await stopped;
  await server.close();
  await opened.close();
  io.out(`${WHO}: stopped (${signal})`);
  return 0;
}
