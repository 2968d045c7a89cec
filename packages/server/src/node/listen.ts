/**
 * `listen(server, {port, host})`: the server over `node:http`, no framework. Each request goes to
 * the server (the socket's remote address as the client, for the per-client rate limit) and the
 * answer is written back: a server made by `createServer` is given Node's request as it is
 * (`incoming.ts`, no Web `Request` or `Response` in between), any other `{fetch, maxBodyBytes}` a
 * Web `Request` (`convert.ts`). A body over `maxBodyBytes` is answered
 * 413 / 45002 without reading the rest: the connection is closed after the answer, and a client
 * that keeps sending is cut off past `DRAIN_LIMIT` bytes.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer } from '../answers';
import { directOf } from '../direct';
import { newRequestId } from '../request-id';
import type { WxbridgeServer } from '../server';
import { requestOf, writeResponse } from './convert';
import { nodeIncoming } from './incoming';

/** What is read and dropped of a refused body before the connection is cut. */
export const DRAIN_LIMIT = 1024 * 1024;

export interface ListenOptions {
  /** Default 0: a free port. */
  port?: number;
  /** The address to bind. Default `127.0.0.1` (loopback only). */
  host?: string;
}

export interface Listening {
  /** `http://<host>:<port>`, what a backend's SDK takes as its base URL. */
  url: string;
  port: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}


/** Reads and drops what is left of a body the server did not read, up to `DRAIN_LIMIT`, then cuts the connection. */
function drain(req: IncomingMessage): void {
  if (req.complete) return;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.byteLength;
    if (dropped > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}

/** Writes `answer` to `res`; `close` adds `Connection: close`. */
function writeAnswer(res: ServerResponse, answer: Answer, close: boolean): Promise<void> {
  const headers: Record<string, string> = { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) };
  if (close) headers.connection = 'close';
  res.writeHead(answer.status, headers);
  return new Promise<void>((resolve) => res.end(answer.body, resolve));
}

async function serve(server: WxbridgeServer, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const info = { remoteAddress: req.socket.remoteAddress };
    const direct = directOf(server);
    if (direct) {
      const answer = await direct(nodeIncoming(req, origin, server.maxBodyBytes), info);
      await writeAnswer(res, answer, !req.complete);
    } else {
      const response = await server.fetch(requestOf(req, origin, server.maxBodyBytes), info);
      await writeResponse(res, response, !req.complete);
    }
  } catch {
    // Only a broken conversion gets here (the server never rejects): a bare answer, with its own id.
    const requestId = newRequestId();
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'request-id': requestId, connection: 'close' });
    res.end(JSON.stringify({ errcode: -1, errmsg: `system busy, rid: ${requestId}` }));
  }
  drain(req);
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function listen(server: WxbridgeServer, options: ListenOptions = {}): Promise<Listening> {
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`listen: port must be an integer from 0 to 65535, not ${String(port)}`);
  if (typeof host !== 'string' || host.length === 0) throw new TypeError('listen: host must be an address such as 127.0.0.1');
  let origin = '';
  const http: Server = createHttpServer((req, res) => void serve(server, origin, req, res));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const bound = (http.address() as AddressInfo).port;
  origin = urlOf(host, bound);
  return {
    url: origin,
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections();
      }),
  };
}
