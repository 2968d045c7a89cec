/**
 * The open-platform server (`@wxbridge/server`) listening over HTTP, as `wxbridge serve` and
 * `wxbridge dev` run it: `createServer` over a shared store, its routes under an optional path
 * prefix (`/wx/cgi-bin/token`), on `host`:`port`.
 */
import { createServer, type ErrorInfo, type ServerOptions, type WxbridgeServer } from '@wxbridge/server';
import { listen } from '@wxbridge/server/node';
import { StoreUnavailableError } from '@wxbridge/store';
import { listenProblem, originOf } from './site-server';

export interface PlatformListenOptions {
  port: number;
  host: string;
  /** `''` (the root) or `/name…` without a trailing slash. */
  prefix?: string;
}

export interface PlatformListener {
  /** The base URL a backend's WeChat SDK takes: origin and prefix, no trailing slash. */
  url: string;
  /** The health endpoint: `GET` answers `{"status": "ok"}`. */
  health: string;
  port: number;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** `server` with every route under `prefix`; anything else answers WeChat's 40066 invalid url. */
function underPrefix(server: WxbridgeServer, prefix: string): WxbridgeServer {
  if (prefix === '') return server;
  return {
    maxBodyBytes: server.maxBodyBytes,
    fetch(request, info) {
      const url = new URL(request.url);
      if (url.pathname !== prefix && !url.pathname.startsWith(prefix + '/')) {
        const body = { errcode: 40066, errmsg: `invalid url, hint: this server's routes are under ${prefix}/ (e.g. ${prefix}/cgi-bin/token)` };
        return Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': JSON_TYPE } }));
      }
      url.pathname = url.pathname.slice(prefix.length) || '/';
      const bodiless = request.method === 'GET' || request.method === 'HEAD';
      const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers: request.headers };
      if (!bodiless) {
        init.body = request.body;
        init.duplex = 'half'; // Node's fetch requires it for a streamed body
      }
      return server.fetch(new Request(url, init), info);
    },
  };
}

/**
 * The server's `onError`: an internal error (answered `-1`), one entry for the operator's terminal;
 * a store that cannot be reached (Redis down, a lock held too long) one line without a stack, as
 * it fails every request until it is back.
 */
export function reportInternalError(log: (line: string) => void, who: string) {
  return (error: unknown, info: ErrorInfo): void => {
    const what = info.context === undefined ? '' : ` ${info.context}`;
    const where = `${info.method} ${info.path} (request ${info.requestId})${what}`;
    if (StoreUnavailableError.is(error)) log(`${who}: store unavailable in ${where}: ${error.message}`);
    else log(`${who}: internal error in ${where}: ${(error as Error)?.stack ?? String(error)}`);
  };
}

/** Creates the server (its option errors are `TypeError`s naming the option) and listens. */
export async function listenPlatform(options: ServerOptions, at: PlatformListenOptions): Promise<PlatformListener> {
  const prefix = at.prefix ?? '';
  const server = underPrefix(createServer(options), prefix);
  let listening;
  try {
    listening = await listen(server, { port: at.port, host: at.host });
  } catch (error) {
    throw listenProblem(error as NodeJS.ErrnoException, at.port, at.host);
  }
  const url = originOf(at.host, listening.port) + prefix;
  return { url, health: `${url}/health`, port: listening.port, close: () => listening.close() };
}
