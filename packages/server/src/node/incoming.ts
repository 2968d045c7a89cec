/**
 * Node's `IncomingMessage` as the router's `Incoming`, read directly: its URL resolved against the
 * listener's own origin (the Host header is the client's to set), its body collected from the
 * request's own events up to the cap. A Web `Request` is made only if `clientOf` asks for one, and
 * then the body is read through it.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../answers';
import { readBytes, tooLarge } from '../body';
import type { Incoming } from '../incoming';
import { bodyFailure, requestOf, urlOf } from './convert';

/**
 * The body's bytes: 45002 (413) at once for a declared length over `maxBytes`, or as soon as what
 * arrived is over it (then `req` is paused, the rest unread); a cut-short or failing body 47001.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (error?: ApiError) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAborted);
      req.off('error', onError);
      if (error) reject(error);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= maxBytes) return void chunks.push(chunk);
      req.pause();
      finish(tooLarge(maxBytes));
    };
    const onEnd = () => finish();
    const onAborted = () => finish(bodyFailure('aborted'));
    const onError = () => finish(bodyFailure('error'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onAborted);
    req.on('error', onError);
  });
}

export function nodeIncoming(req: IncomingMessage, origin: string, maxBodyBytes: number): Incoming {
  let request: Request | undefined;
  const method = req.method ?? 'GET';
  return {
    method,
    url: urlOf(req, origin),
    bytes: (maxBytes) => (request ? readBytes(request, maxBytes) : method === 'GET' || method === 'HEAD' ? Promise.resolve(new Uint8Array(0)) : readBody(req, maxBytes)),
    request: () => (request ??= requestOf(req, origin, maxBodyBytes)),
  };
}
