/**
 * The superapp origin's endpoints in `wxbridge dev` (platform-wire.ts says the wire): the page's
 * remote store over the dev command's FileStore, and the user's outbox, which the server writes.
 * A request needs the page's per-run token (compared in constant time), and, when the browser
 * says where it comes from, the superapp's own origin: a mini program's frame, another site or
 * another page cannot use them. This is the dev tool's arrangement; a production web superapp runs
 * its `SessionService` on its own backend and never lets a page near the store.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SharedStore } from '@wxbridge/store';
import { readOutbox } from '@wxbridge/server';
import type { ApiRoute } from './site-server';
import { HOST_KEY_PREFIXES, MAX_STORE_BODY, OUTBOX_PATH, STORE_OPS, STORE_PATH, TOKEN_HEADER, type StoreAnswer, type StoreCall } from './platform-wire';
import { isPlainObject } from '@wxbridge/protocol';

export interface PlatformEndpointsOptions {
  store: SharedStore;
  /** The page's token (random per run). */
  token: string;
  /** The superapp's user, whose outbox the page reads. */
  user: string;
  /** The superapp's origin, once it listens. */
  origin(): string;
}

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(JSON.stringify(body));
}

function checkCaller(request: IncomingMessage, options: PlatformEndpointsOptions): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== options.origin()) throw new Refused(403, `requests from ${origin} are refused: only the superapp's page may call this`);
  const given = Buffer.from(String(request.headers[TOKEN_HEADER] ?? ''));
  const expected = Buffer.from(options.token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Refused(403, `the ${TOKEN_HEADER} header is missing or wrong (the page's config has it)`);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > MAX_STORE_BODY) throw new Refused(413, `the body is over ${MAX_STORE_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Refused(400, 'the body must be JSON {op, key, …}');
  }
}

/**
 * The body as a store call on a key the host writes, or a 400 naming what is wrong. The numbers
 * (`ttlMs`, `delta`, `min`) are the store's to check: its `TypeError` is a 400 too (`answer`).
 */
function checkStoreCall(body: unknown): StoreCall {
  if (!isPlainObject(body)) throw new Refused(400, 'the body must be a JSON object {op, key, …}');
  const call = body as Record<string, unknown>;
  if (!(STORE_OPS as readonly unknown[]).includes(call.op)) throw new Refused(400, `op must be one of ${STORE_OPS.join(', ')}`);
  if (typeof call.key !== 'string' || !HOST_KEY_PREFIXES.some((prefix) => (call.key as string).startsWith(prefix))) {
    throw new Refused(400, `key must be one the host writes, under ${HOST_KEY_PREFIXES.join(', ')}`);
  }
  if ((call.op === 'set' || call.op === 'setIfAbsent') && typeof call.value !== 'string') throw new Refused(400, `value must be a string for ${call.op}`);
  return call as unknown as StoreCall;
}

async function perform(store: SharedStore, call: StoreCall): Promise<StoreAnswer> {
  const ttl = call.ttlMs === undefined ? undefined : { ttlMs: call.ttlMs };
  switch (call.op) {
    case 'get':
      return { result: (await store.get(call.key)) ?? null };
    case 'take':
      return { result: (await store.take(call.key)) ?? null };
    case 'set':
      await store.set(call.key, call.value!, ttl);
      return { result: null };
    case 'delete':
      await store.delete(call.key);
      return { result: null };
    case 'setIfAbsent':
      return { result: await store.setIfAbsent(call.key, call.value!, ttl) };
    case 'adjust':
      return { result: (await store.adjust(call.key, call.delta!, { ...ttl, ...(call.min === undefined ? {} : { min: call.min }) })) ?? null };
  }
}

async function answer(request: IncomingMessage, response: ServerResponse, path: string, options: PlatformEndpointsOptions): Promise<void> {
  try {
    const method = path === STORE_PATH ? 'POST' : 'GET';
    if (request.method !== method) throw new Refused(405, `${path} takes ${method}`);
    checkCaller(request, options);
    if (path === STORE_PATH) {
      send(response, 200, await perform(options.store, checkStoreCall(await readBody(request))));
      return;
    }
    const after = new URL(request.url ?? '/', 'http://x').searchParams.get('after');
    if (after !== null && !/^\d{1,15}$/.test(after)) throw new Refused(400, 'after must be the cursor of the previous page (an integer)');
    send(response, 200, await readOutbox(options.store, options.user, after === null ? {} : { after: Number(after) }));
  } catch (error) {
    if (error instanceof Refused) send(response, error.status, { error: error.message });
    else if (error instanceof TypeError || error instanceof RangeError) send(response, 400, { error: error.message }); // the store's own argument checks
    else send(response, 500, { error: `the store failed: ${(error as Error).message}` });
    if (!request.complete) request.resume();
  }
}

/** The endpoints, as a site's `api`. */
export function platformEndpoints(options: PlatformEndpointsOptions): ApiRoute {
  return (path, request, response) => {
    if (path !== STORE_PATH && path !== OUTBOX_PATH) return false;
    void answer(request, response, path, options);
    return true;
  };
}
