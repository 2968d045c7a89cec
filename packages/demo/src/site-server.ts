/**
 * One origin of the demo: an HTTP server on 127.0.0.1 answering GET requests from a route
 * function. Requests that name the server by another host (`localhost:<port>`) are redirected to
 * `127.0.0.1`, since the host and the mini program check each other's exact origin.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DEMO_HOSTNAME = '127.0.0.1';

export interface Site {
  /** `http://127.0.0.1:<port>` */
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

function respond(route: Route, request: IncomingMessage, response: ServerResponse, origin: string) {
  if (request.headers.host !== new URL(origin).host) {
    response.writeHead(307, { location: origin + (request.url ?? '/') }).end();
    return;
  }
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

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is already in use; pass another with --port <n> (or PORT=<n>), or 0 for any free port`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, DEMO_HOSTNAME, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Starts a site on `port` (0: any free port). */
export async function startSite(port: number, route: Route): Promise<Site> {
  let origin = '';
  const server = createServer((request, response) => respond(route, request, response, origin));
  await listen(server, port);
  const actual = (server.address() as AddressInfo).port;
  origin = `http://${DEMO_HOSTNAME}:${actual}`;
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
