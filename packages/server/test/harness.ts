/**
 * The server over real HTTP for the tests: `startServer()` runs `createServer` behind the Node
 * listener on a free port, with the host's `SessionService` on the same store issuing the codes,
 * both on one controllable clock. Every listener is closed after each test.
 */
import { MemoryStore, type SharedStore } from '@wxbridge/store';
import { SessionService } from '@wxbridge/host';
import { createServer, type ServerOptions } from '@wxbridge/server';
import { listen, type Listening } from '@wxbridge/server/node';
import { send, urlOf } from '../../tooling/test-support/open-platform';

export { send, urlOf };

export const SECRET = 'deployment-secret-for-tests';
export const APP = { appId: 'wx-app-one', secret: 'app-one-secret' };
/** Its secret given to the server only as SHA-256 hex. */
export const APP2 = { appId: 'wx-app-two', secret: 'app-two-secret' };
export const APP2_HASH = '' + require('node:crypto').createHash('sha256').update(APP2.secret).digest('hex');

export type Answer = Awaited<ReturnType<typeof send>>;

export interface Running {
  url: string;
  store: SharedStore;
  sessions: SessionService;
  /** The clock server and sessions share: `now.ms` moves it. */
  now: { ms: number };
  listening: Listening;
  get(path: string, query?: Record<string, string>): Promise<Answer>;
  post(path: string, query: Record<string, string>, body: unknown): Promise<Answer>;
  /** An access token of `app` (APP by default). */
  token(app?: { appId: string; secret: string }): Promise<string>;
}

const open = new Set<Listening>();

afterEach(async () => {
  await Promise.all([...open].map((listening) => listening.close()));
  open.clear();
});

export async function startServer(overrides: Partial<ServerOptions> = {}): Promise<Running> {
  const now = { ms: Date.UTC(2026, 0, 1) };
  const clock = () => now.ms;
  const store = (overrides.store as SharedStore | undefined) ?? new MemoryStore(clock);
  const server = createServer({ store, secret: SECRET, apps: [APP, { appId: APP2.appId, secretHash: APP2_HASH }], clock, ...overrides });
  const listening = await listen(server, { port: 0 });
  open.add(listening);
  const sessions = new SessionService({ store, secret: SECRET, clock });
  const running: Running = {
    url: listening.url,
    store,
    sessions,
    now,
    listening,
    get: (path, query) => send(urlOf(listening.url, path, query)),
    post: (path, query, body) =>
      send(urlOf(listening.url, path, query), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async token(app = APP) {
      const answer = await running.get('/cgi-bin/token', { grant_type: 'client_credential', appid: app.appId, secret: app.secret });
      if (typeof answer.body.access_token !== 'string') throw new Error(`no token: ${JSON.stringify(answer.body)}`);
      return answer.body.access_token;
    },
  };
  return running;
}

/** The request id of an answer, from its header; checks it is the one in `errmsg` when there is one. */
export function requestIdOf(answer: Answer): string {
  const id = answer.headers.get('request-id');
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/.test(id)) throw new Error(`no Request-Id header: ${id}`);
  if (typeof answer.body.errmsg === 'string' && answer.body.errcode !== 0 && !answer.body.errmsg.endsWith(`rid: ${id}`)) {
    throw new Error(`errmsg without the request id ${id}: ${answer.body.errmsg}`);
  }
  return id;
}
