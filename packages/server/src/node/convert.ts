/**
 * Node's `IncomingMessage` as a Web `Request` (its body streamed, never more than the server's
 * `maxBodyBytes` plus one chunk read), and a Web `Response` written to a `ServerResponse`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../answers';

/** Methods whose requests have no body (the Fetch standard refuses one). */
const BODILESS = new Set(['GET', 'HEAD']);

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** What a body the client cut short (`aborted`) or that failed mid-read (`error`) is answered: 47001. */
export function bodyFailure(event: 'aborted' | 'error'): ApiError {
  return new ApiError('dataFormat', event === 'aborted' ? 'the request body was cut short' : 'the request body could not be read');
}

/**
 * The body as a stream that stops reading once it holds over `maxBytes`: the overflowing chunk is
 * passed on (so the server sees the body is too large), then the stream ends and `req` is paused.
 * A client that goes away mid-body ends it with an error the server answers as a cut-short body.
 */
function bodyOf(req: IncomingMessage, maxBytes: number): ReadableStream<Uint8Array> {
  let total = 0;
  let ended = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const finish = (error?: unknown) => {
        if (ended) return;
        ended = true;
        req.off('data', onData);
        if (error === undefined) controller.close();
        else controller.error(error);
      };
      const onData = (chunk: Buffer) => {
        total += chunk.byteLength;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (total > maxBytes) {
          req.pause();
          finish();
        }
      };
      req.on('data', onData);
      req.on('end', () => finish());
      req.on('aborted', () => finish(bodyFailure('aborted')));
      req.on('error', () => finish(bodyFailure('error')));
    },
    cancel() {
      ended = true;
      req.pause();
    },
  });
}

/**
 * The path and query of `req.url` on `origin` (an unreadable one: `/`). Only they matter: the Host
 * header is the client's to set, so the origin is the listener's.
 */
export function urlOf(req: IncomingMessage, origin: string): URL {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', origin);
  } catch {
    return new URL('/', origin);
  }
  return url.origin === origin ? url : new URL(url.pathname + url.search, origin);
}

/** The Web `Request` for `req`, its URL resolved against `origin` (the listener's own). */
export function requestOf(req: IncomingMessage, origin: string, maxBytes: number): Request {
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers: headersOf(req) };
  if (!BODILESS.has(method)) {
    init.body = bodyOf(req, maxBytes);
    init.duplex = 'half'; // Node's fetch requires it for a streamed body
  }
  return new Request(urlOf(req, origin), init);
}

/** Writes `response` (small JSON: read whole) to `res`; `close` adds `Connection: close`. */
export async function writeResponse(res: ServerResponse, response: Response, close: boolean): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  headers['content-length'] = String(body.byteLength);
  if (close) headers.connection = 'close';
  res.writeHead(response.status, headers);
  await new Promise<void>((resolve) => res.end(body, resolve));
}
