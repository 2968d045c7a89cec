// `wxbridge dev`'s open-platform side over HTTP, without a browser: the data folder and its secret,
// the server, the developer backend process and what it is given, and the superapp origin's
// store and outbox endpoints with what they refuse.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataFolder } from '../src/data-folder';
import { HOST_KEY_PREFIXES, MAX_STORE_BODY, OUTBOX_PATH, STORE_PATH, TOKEN_HEADER, type PagePlatform } from '../src/platform-wire';
import { startDemo, type Demo } from '../src/start-demo';
import { until } from '../../tooling/test-support/pair';

jest.setTimeout(30_000);

const APP_ID = 'wxplatformtest001';
const ECHO_BACKEND = `import { createServer } from 'node:http';
const names = ['WXBRIDGE_SERVER_URL', 'WX_APPID', 'WX_APP_SECRET', 'PORT', 'HOST', 'ALLOWED_ORIGIN', 'WXBRIDGE_SECRET'];
const server = createServer((request, response) => {
  if (request.url === '/exit') process.exit(5);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(Object.fromEntries(names.map((name) => [name, process.env[name] ?? null]))));
});
server.listen(Number(process.env.PORT), process.env.HOST, () => console.log('echo backend up'));
process.on('SIGTERM', () => { server.close(() => process.exit(0)); server.closeAllConnections(); });
`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'wxbridge-dev-platform-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A mini program folder with an app.js and, when given, a backend script and project settings. */
function miniProgram(name: string, backend?: { file: string; text: string }, wxbridge: unknown = backend && { backend: backend.file }): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'app.js'), 'wx.login();\n');
  writeFileSync(join(dir, 'project.config.json'), JSON.stringify({ appid: APP_ID, ...(wxbridge === undefined ? {} : { wxbridge }) }));
  if (backend) {
    mkdirSync(join(dir, backend.file, '..'), { recursive: true });
    writeFileSync(join(dir, backend.file), backend.text);
  }
  return dir;
}

const pageConfig = async (demo: Demo) =>
  JSON.parse(/id="demo-config">([^<]*)</.exec(await (await fetch(demo.url)).text())![1]!) as { apps: Array<{ url: string }>; platform: PagePlatform };

describe('with an echoing backend', () => {
  let demo: Demo;
  let config: Awaited<ReturnType<typeof pageConfig>>;
  const logged: string[] = [];

  beforeAll(async () => {
    const dir = miniProgram('echo', { file: 'server/index.mjs', text: ECHO_BACKEND });
    symlinkSync(join('server', 'index.mjs'), join(dir, 'link.mjs')); // a link to the backend is the backend
    symlinkSync('server', join(dir, 'also-server'));
    demo = await startDemo({ port: 0, miniDirs: [dir], platform: { data: join(root, 'data') }, log: (line) => logged.push(line) });
    config = await pageConfig(demo);
  });
  afterAll(() => demo?.close());

  test('the backend runs with the server URL, its app and a secret the server takes, its port and the mini program origin; not the deployment secret', async () => {
    const backend = demo.apps[0]!.backend!;
    expect(backend.file).toBe(join(root, 'echo', 'server', 'index.mjs'));
    const env = (await (await fetch(backend.url)).json()) as Record<string, string | null>;
    expect(env).toEqual({
      WXBRIDGE_SERVER_URL: demo.platform!.url,
      WX_APPID: APP_ID,
      WX_APP_SECRET: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      PORT: new URL(backend.url).port,
      HOST: '127.0.0.1',
      ALLOWED_ORIGIN: demo.miniOrigin,
      WXBRIDGE_SECRET: null,
    });
    const token = await (await fetch(`${demo.platform!.url}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${env.WX_APP_SECRET}`)).json();
    expect(token).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    expect(await (await fetch(demo.platform!.health)).json()).toEqual({ status: 'ok' });
    expect(logged).toEqual([`[backend ${APP_ID}] echo backend up`]);
  });

  test("the mini program gets the backend's URL in its page address, and its folder's backend is not served", async () => {
    expect(config.apps[0]!.url).toBe(`${demo.miniOrigin}/?backend=${encodeURIComponent(demo.apps[0]!.backend!.url)}`);
    expect((await fetch(`${demo.miniOrigin}/server/index.mjs`)).status).toBe(404);
    expect((await fetch(`${demo.miniOrigin}/link.mjs`)).status).toBe(404);
    expect((await fetch(`${demo.miniOrigin}/also-server/index.mjs`)).status).toBe(404);
    expect((await fetch(`${demo.miniOrigin}/app.js`)).status).toBe(200);
  });

  test("the page's config: a random token, the data folder's secret and the demo user", () => {
    const secret = readFileSync(join(root, 'data', 'deployment-secret'), 'utf8').trim();
    expect(config.platform).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), secret, user: 'demo-user', server: demo.platform!.url });
  });

  const store = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(demo.hostOrigin + STORE_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: config.platform.token, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const answer = async (response: Response) => [response.status, await response.json()];

  test('the store endpoint: every operation on the keys the host writes', async () => {
    const key = `${HOST_KEY_PREFIXES[0]}test/one`;
    expect(await answer(await store({ op: 'get', key }))).toEqual([200, { result: null }]);
    expect(await answer(await store({ op: 'setIfAbsent', key, value: '"a"', ttlMs: 60_000 }))).toEqual([200, { result: true }]);
    expect(await answer(await store({ op: 'setIfAbsent', key, value: '"b"' }))).toEqual([200, { result: false }]);
    expect(await answer(await store({ op: 'take', key }))).toEqual([200, { result: '"a"' }]);
    const counter = `${HOST_KEY_PREFIXES[2]}one-time/${APP_ID}/x/t`;
    expect(await answer(await store({ op: 'adjust', key: counter, delta: 1 }))).toEqual([200, { result: 1 }]);
    expect(await answer(await store({ op: 'adjust', key: counter, delta: -2, min: 0 }))).toEqual([200, { result: null }]);
    expect(await answer(await store({ op: 'set', key: counter, value: '5' }))).toEqual([200, { result: null }]);
    expect(await answer(await store({ op: 'get', key: counter }))).toEqual([200, { result: '5' }]);
    expect(await answer(await store({ op: 'delete', key: counter }))).toEqual([200, { result: null }]);
    expect(await answer(await store({ op: 'get', key: counter }))).toEqual([200, { result: null }]);
  });

  test('the store endpoint refuses a missing or wrong token, another origin, other keys, bad calls and an oversize body', async () => {
    const key = `${HOST_KEY_PREFIXES[0]}test/two`;
    const tokenError = { error: `the ${TOKEN_HEADER} header is missing or wrong (the page's config has it)` };
    expect(await answer(await store({ op: 'get', key }, { [TOKEN_HEADER]: '' }))).toEqual([403, tokenError]);
    expect(await answer(await store({ op: 'get', key }, { [TOKEN_HEADER]: config.platform.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }))).toEqual([403, tokenError]);
    expect(await answer(await store({ op: 'get', key }, { origin: demo.miniOrigin }))).toEqual([
      403,
      { error: `requests from ${demo.miniOrigin} are refused: only the superapp's page may call this` },
    ]);
    const keyError = { error: `key must be one the host writes, under ${HOST_KEY_PREFIXES.join(', ')}` };
    for (const other of ['wxbridge/server/v1/token/abc', 'wxbridge/outbox/v1/demo-user/next', 'wxbridge/soter/v1/counter/a/b', 'other']) {
      expect(await answer(await store({ op: 'set', key: other, value: '1' }))).toEqual([400, keyError]);
    }
    expect(await answer(await store({ op: 'rename', key }))).toEqual([400, { error: 'op must be one of get, set, delete, take, setIfAbsent, adjust' }]);
    expect(await answer(await store({ op: 'set', key }))).toEqual([400, { error: 'value must be a string for set' }]);
    expect(await answer(await store({ op: 'set', key, value: 'x', ttlMs: -1 }))).toEqual([400, { error: expect.stringContaining('ttlMs must be a positive finite number') }]);
    // The numbers are the store's to check; its refusal is a 400 naming the argument, and nothing is written.
    expect(await answer(await store({ op: 'setIfAbsent', key, value: 'x', ttlMs: '60000' }))).toEqual([400, { error: expect.stringContaining('ttlMs must be a positive finite number') }]);
    expect(await answer(await store({ op: 'adjust', key }))).toEqual([400, { error: expect.stringContaining('delta must be a safe integer, got undefined') }]);
    expect(await answer(await store({ op: 'adjust', key, delta: 1.5 }))).toEqual([400, { error: expect.stringContaining('delta must be a safe integer, got 1.5') }]);
    expect(await answer(await store({ op: 'adjust', key, delta: 1, min: '0' }))).toEqual([400, { error: expect.stringContaining('min must be a safe integer, got 0') }]);
    expect(await answer(await store({ op: 'get', key }))).toEqual([200, { result: null }]);
    expect(await answer(await store('{"op": '))).toEqual([400, { error: 'the body must be JSON {op, key, …}' }]);
    expect(await answer(await store({ op: 'set', key, value: 'x'.repeat(MAX_STORE_BODY) }))).toEqual([413, { error: `the body is over ${MAX_STORE_BODY} bytes` }]);
    expect(await answer(await fetch(demo.hostOrigin + STORE_PATH))).toEqual([405, { error: `${STORE_PATH} takes POST` }]);
  });

  test('the outbox endpoint: the demo user’s messages with the token, nothing without it', async () => {
    const outbox = (query = '', token = config.platform.token) => fetch(demo.hostOrigin + OUTBOX_PATH + query, { headers: { [TOKEN_HEADER]: token } });
    expect(await answer(await outbox())).toEqual([200, { messages: [], cursor: 0 }]);
    expect(await answer(await outbox('?after=0'))).toEqual([200, { messages: [], cursor: 0 }]);
    expect((await outbox('?after=x')).status).toBe(400);
    expect((await outbox('', 'nope')).status).toBe(403);
  });

  test('a backend that stops on its own is said so on the log, and the rest keeps serving', async () => {
    const lines: string[] = [];
    const own = await startDemo({ port: 0, miniDirs: [join(root, 'echo')], platform: { data: join(root, 'data') }, log: (line) => lines.push(line) });
    try {
      await fetch(`${own.apps[0]!.backend!.url}/exit`).catch(() => undefined); // it exits without answering
      const said = `[backend ${APP_ID}] exited (5); the mini program's calls to it now fail until wxbridge dev restarts`;
      await until(() => lines.includes(said), said, 10_000);
      expect((await fetch(own.platform!.health)).status).toBe(200);
      expect((await fetch(own.url)).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  test('closing stops the backend and the server', async () => {
    const own = await startDemo({ port: 0, miniDirs: [join(root, 'echo')], platform: { data: join(root, 'data') }, log: () => undefined });
    const { url } = own.apps[0]!.backend!;
    expect((await fetch(url)).status).toBe(200);
    await own.close();
    await expect(fetch(url)).rejects.toThrow('fetch failed');
    await expect(fetch(own.platform!.health)).rejects.toThrow('fetch failed');
  });
});

describe('the data folder', () => {
  test('is made once: a 0600 secret kept from run to run, a 0700 folder that git ignores', () => {
    const dir = join(root, 'fresh', '.wxbridge');
    const first = openDataFolder(dir);
    expect(first).toEqual({ dir, storeDir: join(dir, 'store'), secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(statSync(join(dir, 'deployment-secret')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/\n\*\n$/);
    expect(openDataFolder(dir).secret).toBe(first.secret);
  });

  test('refuses a secret file other users can read', () => {
    const dir = join(root, 'shared-secret');
    const { secret } = openDataFolder(dir);
    chmodSync(join(dir, 'deployment-secret'), 0o644);
    const file = join(dir, 'deployment-secret');
    expect(() => openDataFolder(dir)).toThrow(`the deployment secret ${file} can be read by other users (mode 0644); it holds secrets: chmod 600 ${file}`);
    chmodSync(file, 0o600);
    expect(openDataFolder(dir).secret).toBe(secret);
  });

  test('whose store cannot be used (a file where its store folder goes) fails the start, naming the folder', async () => {
    const data = join(root, 'blocked-data');
    openDataFolder(data);
    writeFileSync(join(data, 'store'), 'not a folder');
    await expect(startDemo({ port: 0, miniDirs: [miniProgram('blocked')], platform: { data } })).rejects.toThrow(new RegExp(`EEXIST.*${join(data, 'store')}`));
  });
});

describe('a backend that cannot start', () => {
  test('one that exits at once fails the start, quoting its output', async () => {
    const dir = miniProgram('crash', { file: 'crash.mjs', text: "console.error('no database configured');\nprocess.exit(3);\n" });
    const logged: string[] = [];
    await expect(startDemo({ port: 0, miniDirs: [dir], platform: { data: join(root, 'data') }, log: (line) => logged.push(line) })).rejects.toThrow(
      new RegExp(`^the backend crash\\.mjs of ${APP_ID} exited \\(3\\) before listening on port \\d+:\\nno database configured$`),
    );
    expect(logged).toEqual([`[backend ${APP_ID}] no database configured`]);
  });

  test.each([
    ['outside the folder', { backend: '../elsewhere.mjs' }, 'must be the path of a Node script inside the folder, such as "backend/server.mjs", not "../elsewhere.mjs"'],
    ['hidden', { backend: '.env' }, 'must be the path of a Node script inside the folder, such as "backend/server.mjs", not ".env"'],
    ['not a string', { backend: 3 }, 'must be the path of a Node script inside the folder, such as "backend/server.mjs", not 3'],
  ])('a wxbridge.backend %s is named in the error', async (name, wxbridge, message) => {
    const dir = miniProgram(`bad-${name.replace(/ /g, '-')}`, undefined, wxbridge);
    await expect(startDemo({ port: 0, miniDirs: [dir], platform: { data: join(root, 'data') } })).rejects.toThrow(`${join(dir, 'project.config.json')}: wxbridge.backend ${message}`);
  });

  test('a wxbridge.backend naming no file is named in the error', async () => {
    const dir = miniProgram('missing-backend', undefined, { backend: 'server.mjs' });
    await expect(startDemo({ port: 0, miniDirs: [dir], platform: { data: join(root, 'data') } })).rejects.toThrow(
      `${join(dir, 'project.config.json')}: wxbridge.backend names ${join(dir, 'server.mjs')}, which is not a file`,
    );
  });
});
