/**
 * The Node listener's two paths: a server made by `createServer` is given Node's request directly
 * (no Web `Request` unless `clientOf` asks for one), any other `{fetch, maxBodyBytes}` a Web
 * `Request`. Both answer alike: bodies, the cap, headers, a `clientOf` that reads the request.
 */
import { MemoryStore } from '@wxbridge/store';
import { createServer, type WxbridgeServer } from '@wxbridge/server';
import { listen, type Listening } from '@wxbridge/server/node';
import { APP, SECRET, send, urlOf } from './harness';

const open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((listening) => listening.close()));
});

async function serve(server: WxbridgeServer): Promise<string> {
  const listening = await listen(server, { port: 0 });
  open.push(listening);
  return listening.url;
}

const tokenBody = JSON.stringify({ grant_type: 'client_credential', appid: APP.appId, secret: APP.secret });
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  send(urlOf(url, '/cgi-bin/stable_token'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

test('a server that is only {fetch, maxBodyBytes} is served through Web Requests: the same answers, the cap too', async () => {
  const inner = createServer({ store: new MemoryStore(), secret: SECRET, apps: [APP], maxBodyBytes: 200 });
  const seen: string[] = [];
  const wrapped: WxbridgeServer = {
    maxBodyBytes: inner.maxBodyBytes,
    fetch: (request, info) => {
      seen.push(`${request.method} ${new URL(request.url).pathname}`);
      return inner.fetch(request, info);
    },
  };
  const url = await serve(wrapped);
  const token = await post(url, tokenBody);
  expect(token.body).toEqual({ access_token: expect.any(String), expires_in: 7200 });
  expect(token.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(token.headers.get('request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  const tooLarge = await post(url, 'x'.repeat(201));
  expect([tooLarge.status, tooLarge.body.errcode]).toEqual([413, 45002]);
  expect(seen).toEqual(['POST /cgi-bin/stable_token', 'POST /cgi-bin/stable_token']);
});

test('createServer behind the listener answers with the same headers as its fetch', async () => {
  const server = createServer({ store: new MemoryStore(), secret: SECRET, apps: [APP] });
  const url = await serve(server);
  const overHttp = await send(urlOf(url, '/nothing'));
  const direct = await server.fetch(new Request('http://127.0.0.1/nothing'));
  const names = (headers: Headers) => [...headers.keys()].filter((name) => !['date', 'connection', 'keep-alive', 'content-length'].includes(name)).sort();
  expect(names(overHttp.headers)).toEqual(names(direct.headers));
  expect(overHttp.headers.get('cache-control')).toBe('no-store');
  expect(overHttp.headers.get('x-content-type-options')).toBe('nosniff');
  expect(overHttp.body.errcode).toBe(40066);
});

test('a clientOf reading the request gets its headers, and the body is still read for the route', async () => {
  const clients: string[] = [];
  const server = createServer({
    store: new MemoryStore(),
    secret: SECRET,
    apps: [APP],
    clientOf: (request) => {
      clients.push(`${request.method} ${request.headers.get('x-client')}`);
      return request.headers.get('x-client') ?? undefined;
    },
  });
  const url = await serve(server);
  expect((await post(url, tokenBody, { 'x-client': 'backend-7' })).body.access_token).toEqual(expect.any(String));
  expect((await post(url, '{', { 'x-client': 'backend-7' })).body.errcode).toBe(47001);
  expect(clients).toEqual(['POST backend-7', 'POST backend-7']);
});

test.each([
  ['given Node\'s request (createServer)', false],
  ['given a Web Request ({fetch, maxBodyBytes})', true],
])('an absolute-form request target is answered on the listener\'s own origin, %s', async (_, wrap) => {
  const inner = createServer({ store: new MemoryStore(), secret: SECRET, apps: [APP] });
  const seen: string[] = [];
  const server: WxbridgeServer = wrap
    ? { maxBodyBytes: inner.maxBodyBytes, fetch: (request, info) => (seen.push(request.url), inner.fetch(request, info)) }
    : inner;
  const url = await serve(server);
  const { request } = await import('node:http');
  const answer = await new Promise<string>((resolve, reject) => {
    const req = request(url, { path: 'http://elsewhere.example/health?x=1' }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
  expect(JSON.parse(answer)).toEqual({ status: 'ok' });
  expect(seen).toEqual(wrap ? [`${url}/health?x=1`] : []);
});
