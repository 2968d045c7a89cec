/**
 * A mini program's developer backend (`"wxbridge": {"backend": "<file>"}` in its
 * project.config.json), run by `wxbridge dev` as a separate Node process, as it would run beside
 * WeChat: it gets the open-platform server's URL, its app's id and secret, its port and the mini
 * program's origin (for CORS) in its environment, and is ready once its port takes connections.
 * Its output goes to `log`, a line at a time, each line prefixed with the app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { basename, dirname } from 'node:path';
import { originOf } from './site-server';
import { SECRET_ENV } from './serve-secrets';

/** How long a backend may take to listen. */
const BACKEND_START_MS = 15_000;
/** How long a backend may take to exit after SIGTERM before it is killed. */
const BACKEND_STOP_MS = 5_000;

export interface BackendOptions {
  /** The script, absolute. */
  file: string;
  appId: string;
  appSecret: string;
  /** The open-platform server's base URL (`WXBRIDGE_SERVER_URL`). */
  serverUrl: string;
  /** The mini program's origin (`ALLOWED_ORIGIN`). */
  allowedOrigin: string;
  /** The address to listen on (`HOST`) and the port (`PORT`; 0 picks a free one here). */
  host: string;
  port: number;
  log(line: string): void;
}

export interface Backend {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A port that is free now on `host` (the backend binds it right after). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function forwardLines(child: ChildProcess, prefix: string, log: (line: string) => void, tail: string[]): void {
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        log(`${prefix}${line}`);
      }
    });
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), BACKEND_STOP_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  const env: Record<string, string | undefined> = { ...process.env };
  delete env[SECRET_ENV]; // the deployment's secret is the superapp's, never a mini program's
  const child = spawn(process.execPath, [options.file], {
    cwd: dirname(options.file),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      WXBRIDGE_SERVER_URL: options.serverUrl,
      WX_APPID: options.appId,
      WX_APP_SECRET: options.appSecret,
      HOST: options.host,
      PORT: String(port),
      ALLOWED_ORIGIN: options.allowedOrigin,
    },
  });
  const tail: string[] = [];
  forwardLines(child, `[backend ${options.appId}] `, options.log, tail);
  let exited: string | undefined;
  // 'close', not 'exit': by then its output is all read, so the error below can quote it.
  child.once('close', (code, signal) => (exited = signal ?? String(code)));
  const deadline = Date.now() + BACKEND_START_MS;
  const name = `the backend ${basename(options.file)} of ${options.appId}`;
  const connectHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  while (!(await canConnect(connectHost, port))) {
    if (exited !== undefined) throw new Error(`${name} exited (${exited}) before listening on port ${port}${tail.length ? `:\n${tail.join('\n')}` : ''}`);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${name} did not listen on port ${port} (its PORT) within ${BACKEND_START_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling a port: nothing to wait on but the next try
  }
  let stopping = false;
  child.once('close', (code, signal) => {
    if (!stopping) options.log(`[backend ${options.appId}] exited (${signal ?? code}); the mini program's calls to it now fail until wxbridge dev restarts`);
  });
  return {
    url: originOf(options.host, port),
    port,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}
