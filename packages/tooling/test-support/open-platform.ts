/**
 * The open-platform server as a mini program's backend meets it, for the tests of the host and the
 * mock: `openPlatform({apps})` runs `createServer` behind the Node listener on a free port, over
 * one store with the host's `SessionService` (same store, secret and clock), and the backend's
 * calls go over real HTTP: `redeem` (`GET /sns/jscode2session`), `redeemShare`
 * (`getuserphonenumber` / `getuseremail`), `verifySoter` (`/cgi-bin/soter/verify_signature`).
 * Answers are the JSON bodies as the backend gets them. Every server is closed after each test.
 */
import { MemoryStore, type SharedStore } from '@wxbridge/store';
import { soterKeyKey, type ShareKind, type SoterKeyRecord } from '@wxbridge/store/records';
import { SessionService, type SessionServiceOptions } from '@wxbridge/host';
import { createServer, type ServerOptions } from '@wxbridge/server';
import { listen, type Listening } from '@wxbridge/server/node';

/** The deployment secret the host's sessions and the server share, unless a test gives one. */
export const PLATFORM_SECRET = 'open-platform-test-secret';

/** The app secret the server knows each app by (what its backend sends as `secret`). */
export const appSecretOf = (appId: string): string => `app-secret-of-${appId}`;

/** A JSON answer of the server. */
export type WxBody = Record<string, any>;

/** What the server answers for a code used once already, an unknown or another app's one, an expired one. */
export const CODE_USED = { errcode: 40163, errmsg: expect.stringMatching(/^code been used, hint: .*, rid: /) };
export const INVALID_CODE = { errcode: 40029, errmsg: expect.stringMatching(/^invalid code, hint: no such code/) };
export const EXPIRED_CODE = { errcode: 40029, errmsg: expect.stringMatching(/^invalid code, hint: the code expired/) };

export interface OpenPlatformOptions {
  /** The apps the server serves, each with the secret `appSecretOf(appId)`. */
  apps: readonly string[];
  /** Default: a new `MemoryStore` on `clock`. */
  store?: SharedStore;
  /** Default `PLATFORM_SECRET`. */
  secret?: string;
  /** Default `Date.now`: the server's, the sessions' and the default store's. */
  clock?: () => number;
  codeTtlMs?: number;
  sessionTtlMs?: number;
  /** Further options of the host's `SessionService`. */
  sessions?: Omit<SessionServiceOptions, 'store' | 'secret' | 'clock' | 'codeTtlMs' | 'sessionTtlMs'>;
  /** Further options of the server (`unionIdOf`, `blockedUser`…). */
  server?: Partial<ServerOptions>;
}

export interface OpenPlatform {
  readonly store: SharedStore;
  readonly secret: string;
  /** The host's v2 login service, on the server's store, secret and clock: give it to the host. */
  readonly sessions: SessionService;
  /** The server's base URL, once it listens. */
  url(): Promise<string>;
  /** `GET /sns/jscode2session` as `appId`'s backend: `{openid, session_key, unionid?}` or `{errcode, errmsg}`. */
  redeem(appId: string, code: string): Promise<WxBody>;
  /** `POST /wxa/business/getuserphonenumber` (`phone_info`) or `/wxa/business/getuseremail` (`email_info`). */
  redeemShare(appId: string, kind: ShareKind, code: string): Promise<WxBody>;
  /** `POST /cgi-bin/soter/verify_signature`: `{errcode: 0, errmsg: 'ok', is_ok}`, or 40003 / 47001. */
  verifySoter(appId: string, body: { openid: string; json_string: string; json_signature: string }): Promise<WxBody>;
  /** Records a device key for (appId, openid) as the host's biometrics do, for a device the host did not run. */
  enrolSoterKey(appId: string, openid: string, pem: string): Promise<void>;
}

const listening = new Set<Promise<Listening>>();

afterEach(async () => {
  const all = [...listening];
  listening.clear();
  await Promise.all(all.map(async (started) => (await started).close()));
});

/** A JSON answer over real HTTP. */
export async function send(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: WxBody }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as WxBody };
}

export function urlOf(base: string, path: string, query: Record<string, string> = {}): string {
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(query)) url.searchParams.append(name, value);
  return url.toString();
}

const SHARE_PATHS: Record<ShareKind, string> = { phoneNumber: '/wxa/business/getuserphonenumber', emailAddress: '/wxa/business/getuseremail' };

export function openPlatform(options: OpenPlatformOptions): OpenPlatform {
  const clock = options.clock ?? Date.now;
  const store = options.store ?? new MemoryStore(clock);
  const secret = options.secret ?? PLATFORM_SECRET;
  const ttls = { ...(options.codeTtlMs === undefined ? {} : { codeTtlMs: options.codeTtlMs }), ...(options.sessionTtlMs === undefined ? {} : { sessionTtlMs: options.sessionTtlMs }) };
  const apps = options.apps.map((appId) => ({ appId, secret: appSecretOf(appId) }));
  const server = createServer({ store, secret, apps, clock, ...ttls, ...options.server });
  const started = listen(server, { port: 0 });
  listening.add(started);
  const url = async () => (await started).url;
  const get = async (path: string, query: Record<string, string>) => (await send(urlOf(await url(), path, query))).body;
  const post = async (path: string, query: Record<string, string>, body: unknown) =>
    (await send(urlOf(await url(), path, query), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).body;
  const token = async (appId: string): Promise<string> => {
    const answer = await get('/cgi-bin/token', { grant_type: 'client_credential', appid: appId, secret: appSecretOf(appId) });
    if (typeof answer.access_token !== 'string') throw new Error(`no access token for ${appId}: ${JSON.stringify(answer)}`);
    return answer.access_token;
  };
  return {
    store,
    secret,
    sessions: new SessionService({ ...options.sessions, store, secret, clock, ...ttls }),
    url,
    redeem: (appId, code) => get('/sns/jscode2session', { appid: appId, secret: appSecretOf(appId), js_code: code, grant_type: 'authorization_code' }),
    redeemShare: async (appId, kind, code) => post(SHARE_PATHS[kind], { access_token: await token(appId) }, { code }),
    verifySoter: async (appId, body) => post('/cgi-bin/soter/verify_signature', { access_token: await token(appId) }, body),
    enrolSoterKey: async (appId, openid, pem) => {
      await store.set(soterKeyKey(appId, openid), JSON.stringify({ publicKey: pem, enrolledAt: clock() } satisfies SoterKeyRecord));
    },
  };
}
