/**
 * A request as the router reads it: its method, its URL, its body's bytes (capped), and the Web
 * `Request` that `clientOf` is given. `fetch` starts from a `Request` (`webIncoming`); the Node
 * listener reads Node's own request (`node/incoming.ts`) and makes a `Request` only when `clientOf`
 * asks for one: building one per call cost more than the rest of a `/health` answer.
 */
import { readBytes } from './body';

export interface Incoming {
  readonly method: string;
  /** `undefined` when the URL cannot be read. */
  readonly url: URL | undefined;
  /** The body's bytes, at most `maxBytes` (past it `ApiError` 45002, HTTP 413). Read once. */
  bytes(maxBytes: number): Promise<Uint8Array>;
  /** The request as a Web `Request` (for `clientOf`). */
  request(): Request;
}

export function webIncoming(request: Request): Incoming {
  let url: URL | undefined;
  try {
    url = new URL(request.url);
  } catch {
    url = undefined;
  }
  return { method: request.method, url, bytes: (maxBytes) => readBytes(request, maxBytes), request: () => request };
}
