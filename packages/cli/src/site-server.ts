/**
 * One origin of the demo: an HTTP server answering GET requests from a route function (and, on the
 * superapp's origin, a few endpoints of any method: `api`), bound to
 * loopback (`127.0.0.1`) unless told otherwise. Requests that name the server by another host
 * (`localhost:<port>`) are redirected to the origin's own name, since the host and the mini
 * program check each other's exact origin.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Where the demo listens by default: loopback, reachable from this machine only. */
export const DEMO_HOSTNAME = '127.0.0.1';

/** Whether `address` (an IP address or `localhost`) is reachable from this machine only. */
export function isLoopbackAddress(address: string): boolean {
  const ip = address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, ''); // an IPv4-mapped IPv6 address
  return ip === 'localhost' || ip === '::1' || (isIP(ip) === 4 && ip.startsWith('127.'));
}

/** Whether `address` listens on every interface (`0.0.0.0`, `::`). */
const isWildcard = (address: string) => address === '0.0.0.0' || (isIP(address) === 6 && /^[0:]+$/.test(address));

/**
 * The host name the origins use for a bind address: the address itself, or for a wildcard bind
 * (`0.0.0.0`, `::`) this machine's first external address (IPv4 first), which other machines
 * can open; loopback when there is none.
 */
export function originHostname(bind: string): string {
  if (!isWildcard(bind)) return bind;
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((info) => info !== undefined && !info.internal && !info.address.startsWith('fe80:'));
  const ipv4 = external.find((info) => info!.family === 'IPv4');
  return (ipv4 ?? external[0])?.address ?? DEMO_HOSTNAME;
}

/** `http://<host>:<port>` for a server bound to `bind` (its `originHostname`). */
export function originOf(bind: string, port: number): string {
  const hostname = originHostname(bind);
  return `http://${isIP(hostname) === 6 ? `[${hostname}]` : hostname}:${port}`;
}

export interface Site {
  /** `http://127.0.0.1:<port>` (the bind address's name: `originHostname`) */
  readonly origin: string;
  readonly port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export interface ServedFile {
  type: string;
  body: string | Buffer;
  /** Further response headers (e.g. a Content-Security-Policy). */
  headers?: Record<string, string>;
}

/** The file to answer a URL path with; undefined is a 404. */
export type Route = (path: string) => ServedFile | undefined;

/** A request a site answered (for a log, or a test that must know what the browser asked for). */
export interface ServedRequest {
  origin: string;
  method: string;
  /** The URL as sent: path and query. */
  url: string;
  status: number;
}

/**
 * Answers the requests for `path` it takes (any method) and says so by returning true; the others
 * go to the site's `Route` (GET and HEAD only).
 */
export type ApiRoute = (path: string, request: IncomingMessage, response: ServerResponse) => boolean;

export interface SiteOptions {
  /** The address to listen on. Default `127.0.0.1`. */
  bind?: string;
  /** Told of every request once it is answered. */
  onRequest?: (request: ServedRequest) => void;
  /** Endpoints beside the files (the superapp's store and outbox endpoints). */
  api?: ApiRoute;
}

function respond(route: Route, request: IncomingMessage, response: ServerResponse, origin: string, api: ApiRoute | undefined) {
  if (request.headers.host !== new URL(origin).host) {
    response.writeHead(307, { location: origin + (request.url ?? '/') }).end();
    return;
  }
  if (api?.(new URL(request.url ?? '/', origin).pathname, request, response)) return;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end('method not allowed');
    return;
  }
  let file: ServedFile | undefined;
  try {
    file = route(new URL(request.url ?? '/', origin).pathname);
  } catch (error) {
    console.error(`wxbridge: ${request.url}: ${(error as Error).message}`);
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('internal error; see the terminal');
    return;
  }
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  response.writeHead(200, {
    'content-type': file.type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...file.headers,
  });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

/** A failure to listen on `bind`:`port`, said as what to do about it (another port, another address). */
export function listenProblem(error: NodeJS.ErrnoException, port: number, bind: string): Error {
  if (error.code === 'EADDRINUSE') return new Error(`port ${port} is already in use; pass another with --port <n> (or PORT=<n>), or 0 for any free port`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new Error(`cannot listen on ${bind}: it is not an address of this machine; pass one of its own with --host <address>, or leave --host out for 127.0.0.1`);
  }
  return error;
}

function listen(server: Server, port: number, bind: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(listenProblem(error, port, bind));
    server.once('error', onError);
    server.listen(port, bind, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Starts a site on `port` (0: any free port), listening on loopback unless `bind` says otherwise. */
export async function startSite(port: number, route: Route, { bind = DEMO_HOSTNAME, onRequest, api }: SiteOptions = {}): Promise<Site> {
  let origin = '';
  const server = createServer((request, response) => {
    if (onRequest) {
      response.once('finish', () => onRequest({ origin, method: request.method ?? '', url: request.url ?? '', status: response.statusCode }));
    }
    respond(route, request, response, origin, api);
  });
  await listen(server, port, bind);
  const actual = (server.address() as AddressInfo).port;
  origin = originOf(bind, actual);
  return {
    origin,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
