// The demo's two origins over HTTP: what each serves, and what it refuses.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { HOST_ORIGIN_PLACEHOLDER } from '../src/assets';
import { GUEST_SCRIPT_PATH, generatedPage, resolveMiniProgram } from '../src/mini-program-folder';
import { isLoopbackAddress, originHostname } from '../src/site-server';
import { DEMO_APP, SAMPLE_MINI_PROGRAM, startDemo, type Demo } from '../src/start-demo';

jest.setTimeout(20_000);

let folder: string;
let demo: Demo;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'wxbridge-mini-'));
  writeFileSync(join(folder, 'app.js'), 'wx.login();\n');
  writeFileSync(join(folder, 'data.json'), '{"n": 1}');
  demo = await startDemo({ port: 0, miniDirs: [folder] });
});

afterAll(async () => {
  await demo?.close();
  rmSync(folder, { recursive: true, force: true });
  rmSync(join(folder, '..', basename(folder) + '-secret.txt'), { force: true });
});

/** A raw GET (fetch would normalise `..` and refuse to send another Host header). */
function get(origin: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string; bytes: Buffer }>((resolve, reject) => {
    const url = new URL(origin);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1'); // an IPv6 address without its URL brackets
    const req = request({ host, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: bytes.toString(), bytes });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the host origin', () => {
  test('serves the superapp page with its script, style and a CSP that frames only the mini program origin', async () => {
    const page = await get(demo.hostOrigin, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain(`frame-src ${demo.miniOrigin}`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain(`<script type="application/json" id="demo-config">{"apps":[{"origin":"${demo.miniOrigin}"`);
    expect(page.body).toContain('sandbox="allow-scripts allow-same-origin allow-forms"');
    const title = /data-testid="mini-program-title">([^<]*)</.exec(page.body)![1];
    expect(title).toBe(folder.split('/').pop());
    expect((await get(demo.hostOrigin, '/host.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(demo.hostOrigin, '/host.css')).status).toBe(200);
    expect((await get(demo.hostOrigin, '/app.js')).status).toBe(404);
  });

  test('sends a visit by another host name (localhost) to 127.0.0.1: the origins must match exactly', async () => {
    const port = new URL(demo.hostOrigin).port;
    const response = await get(demo.hostOrigin, '/?x=1', { host: `localhost:${port}` });
    expect(response.status).toBe(307);
    expect(response.headers.location).toBe(`${demo.hostOrigin}/?x=1`);
  });

  test('both origins answer /favicon.ico with an icon (no 404 on every load); a folder’s own icon comes first', async () => {
    for (const origin of [demo.hostOrigin, demo.miniOrigin]) {
      const icon = await get(origin, '/favicon.ico');
      expect({ origin, status: icon.status, type: icon.headers['content-type'] }).toEqual({ origin, status: 200, type: 'image/x-icon' });
      expect(icon.bytes.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0])); // an ICO file's header
    }
    writeFileSync(join(folder, 'favicon.ico'), 'my own icon');
    try {
      expect((await get(demo.miniOrigin, '/favicon.ico')).body).toBe('my own icon');
    } finally {
      rmSync(join(folder, 'favicon.ico'));
    }
  });

  test('answers only GET and HEAD', async () => {
    expect((await get(demo.hostOrigin, '/', {}, 'POST')).status).toBe(405);
    const head = await get(demo.hostOrigin, '/', {}, 'HEAD');
    expect({ status: head.status, body: head.body }).toEqual({ status: 200, body: '' });
  });
});

describe('the mini program origin', () => {
  test('a folder with only app.js gets a generated page: the guest script first, then app.js', async () => {
    const page = await get(demo.miniOrigin, '/');
    expect(page.body).toBe(generatedPage());
    expect(page.body.indexOf(`<script src="${GUEST_SCRIPT_PATH}">`)).toBeLessThan(page.body.indexOf('<script src="/app.js">'));
    expect((await get(demo.miniOrigin, '/app.js')).body).toBe('wx.login();\n');
    expect((await get(demo.miniOrigin, '/data.json')).headers['content-type']).toBe('application/json; charset=utf-8');
  });

  test('reads files at each request: an edit shows on reload', async () => {
    writeFileSync(join(folder, 'data.json'), '{"n": 2}');
    expect((await get(demo.miniOrigin, '/data.json')).body).toBe('{"n": 2}');
  });

  test('the guest script connects to exactly the host origin', async () => {
    const guest = await get(demo.miniOrigin, GUEST_SCRIPT_PATH);
    expect(guest.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(guest.body).toContain(`hostOrigin: ${JSON.stringify(demo.hostOrigin)}`);
    // Built ahead of time with a placeholder for the origin (src/assets.ts): none is left.
    expect(guest.body).not.toContain(HOST_ORIGIN_PLACEHOLDER);
  });

  test('nothing outside the folder, nothing hidden, no link out', async () => {
    // Beside the folder (what a way out would reach), inside it hidden, and a link pointing out.
    writeFileSync(join(folder, '..', basename(folder) + '-secret.txt'), 'secret');
    writeFileSync(join(folder, '.env'), 'TOKEN=secret');
    symlinkSync(join(folder, '..', basename(folder) + '-secret.txt'), join(folder, 'link.txt'));
    const escape = '..%2f' + basename(folder) + '-secret.txt';
    for (const path of [`/${escape}`, `/%2e%2e%2f${basename(folder)}-secret.txt`, '/.env', '/%2eenv', '/link.txt', '/%00', '/missing.js', '/%E0%A4%A']) {
      expect({ path, status: (await get(demo.miniOrigin, path)).status }).toEqual({ path, status: 404 });
    }
    // The same server still serves the folder's own files.
    expect((await get(demo.miniOrigin, '/data.json')).status).toBe(200);
  });

  test('no backslash, no colon, no link to a hidden file, encoded or not: refused on every platform', async () => {
    // On Linux these are plain names; on Windows `\\` separates and `:` opens a stream: refused everywhere.
    writeFileSync(join(folder, '.env'), 'TOKEN=secret');
    writeFileSync(join(folder, 'x\\..\\.env'), 'TOKEN=secret');
    writeFileSync(join(folder, 'a\\b.txt'), 'backslash');
    writeFileSync(join(folder, 'a:b.txt'), 'colon');
    symlinkSync(join(folder, '.env'), join(folder, 'visible.txt')); // inside the folder, but hidden
    for (const path of ['/x%5C..%5C.env', '/x%5c..%5c.env', '/x\\..\\.env', '/a%5Cb.txt', '/a%3Ab.txt', '/a:b.txt', '/visible.txt', '/%5C.env']) {
      expect({ path, status: (await get(demo.miniOrigin, path)).status }).toEqual({ path, status: 404 });
    }
    expect((await get(demo.miniOrigin, '/data.json')).status).toBe(200);
  });
});

describe('ports', () => {
  function listen(port: number): Promise<Server | undefined> {
    const server = createServer();
    return new Promise((resolve) => {
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  }

  /** A port held by a server, whose port - 1 is free. */
  async function busyPortAfterFreeOne(): Promise<{ busy: Server; port: number }> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const busy = (await listen(0))!;
      const port = (busy.address() as AddressInfo).port;
      const below = await listen(port - 1);
      if (below) {
        await new Promise((resolve) => below.close(resolve));
        return { busy, port };
      }
      busy.close();
    }
    throw new Error('found no free port just below a busy one in 50 attempts');
  }

  test('the mini program takes the port after the host page; a busy port names the fix', async () => {
    const { busy, port } = await busyPortAfterFreeOne();
    try {
      await expect(startDemo({ port: port - 1, miniDirs: [folder] })).rejects.toThrow(
        `port ${port} is already in use; pass another with --port <n> (or PORT=<n>), or 0 for any free port`,
      );
      // The host page's server on port - 1 was closed again: the port is free.
      const again = await listen(port - 1);
      expect(again).toBeDefined();
      again!.close();
    } finally {
      busy.close();
    }
  });
});

describe('one mini program, one origin', () => {
  /** A folder with an app.js, a file of its own and, if given, a project.config.json. */
  function miniProgram(name: string, config?: unknown): string {
    const dir = mkdtempSync(join(tmpdir(), `wxbridge-${name}-`));
    writeFileSync(join(dir, 'app.js'), `// ${name}\n`);
    writeFileSync(join(dir, `${name}-only.txt`), name);
    if (config !== undefined) writeFileSync(join(dir, 'project.config.json'), JSON.stringify(config));
    return dir;
  }
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test('each folder is served from its own origin, bound to its own appid; the page frames only those origins', async () => {
    const a = miniProgram('alpha', { appid: 'wxalpha0000000001' });
    const b = miniProgram('beta'); // no project.config.json: an appid made up from its path
    made.push(a, b);
    const two = await startDemo({ port: 0, miniDirs: [a, b] });
    try {
      const [alpha, beta] = two.apps;
      expect(alpha).toEqual({ appId: 'wxalpha0000000001', appIdFrom: 'project.config.json', dir: a, origin: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      expect(beta).toEqual({ appId: expect.stringMatching(/^wxdev[0-9a-f]{13}$/), appIdFrom: 'path', dir: b, origin: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      expect(new Set([two.hostOrigin, alpha!.origin, beta!.origin]).size).toBe(3);
      expect(resolveMiniProgram(b).appId).toBe(beta!.appId); // the same at every run
      // Each origin serves its own folder and nothing of the other.
      expect((await get(alpha!.origin, '/alpha-only.txt')).body).toBe('alpha');
      expect((await get(alpha!.origin, '/beta-only.txt')).status).toBe(404);
      expect((await get(beta!.origin, '/beta-only.txt')).body).toBe('beta');
      expect((await get(beta!.origin, '/alpha-only.txt')).status).toBe(404);
      // The host page binds each origin to its appid, and frames those origins only.
      const page = await get(two.hostOrigin, '/');
      const config = JSON.parse(/id="demo-config">([^<]*)</.exec(page.body)![1]!);
      expect(config.apps.map((app: { origin: string; app: { appId: string } }) => [app.origin, app.app.appId])).toEqual([
        [alpha!.origin, alpha!.appId],
        [beta!.origin, beta!.appId],
      ]);
      expect(page.headers['content-security-policy']).toContain(`frame-src ${alpha!.origin} ${beta!.origin};`);
    } finally {
      await two.close();
    }
  });

  test('two folders with one appid are refused: one app is one origin', async () => {
    const a = miniProgram('first', { appid: 'wxsame00000000001' });
    const b = miniProgram('second', { appid: 'wxsame00000000001' });
    made.push(a, b);
    await expect(startDemo({ port: 0, miniDirs: [a, b] })).rejects.toThrow(
      `${a} and ${b} are both appid wxsame00000000001: one app is served from one origin; give each folder its own appid in project.config.json`,
    );
    await expect(startDemo({ port: 0, miniDirs: [a, a] })).rejects.toThrow('are both appid wxsame00000000001');
  });

  test("the sample is the demo's app; a project.config.json appid that is not a plain name is refused", () => {
    expect(resolveMiniProgram(SAMPLE_MINI_PROGRAM).appId).toBe(DEMO_APP.appId);
    const bad = miniProgram('bad', { appid: '../wxother' });
    made.push(bad);
    expect(() => resolveMiniProgram(bad)).toThrow(`${join(bad, 'project.config.json')}: appid must be 1 to 128 letters, digits, _ or -, not "../wxother"`);
  });
});

describe('--app-id: the appid of the one folder', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const mini = (config?: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'wxbridge-appid-'));
    writeFileSync(join(dir, 'app.js'), '');
    if (config !== undefined) writeFileSync(join(dir, 'project.config.json'), JSON.stringify(config));
    made.push(dir);
    return dir;
  };

  test("replaces project.config.json's appid, and the made-up one; each app says where its appid comes from", async () => {
    const configured = mini({ appid: 'wxfromconfig00001' });
    const bare = mini();
    const named = await startDemo({ port: 0, miniDirs: [configured], appId: 'wxfromoption00001' });
    try {
      expect(named.apps).toEqual([{ appId: 'wxfromoption00001', appIdFrom: 'option', dir: configured, origin: named.miniOrigin }]);
      const config = JSON.parse(/id="demo-config">([^<]*)</.exec((await get(named.hostOrigin, '/')).body)![1]!);
      expect(config.apps[0].app).toEqual({ appId: 'wxfromoption00001', envVersion: 'develop' });
    } finally {
      await named.close();
    }
    const defaults = await startDemo({ port: 0, miniDirs: [configured, bare] });
    try {
      expect(defaults.apps.map(({ appId, appIdFrom }) => ({ appId, appIdFrom }))).toEqual([
        { appId: 'wxfromconfig00001', appIdFrom: 'project.config.json' },
        { appId: expect.stringMatching(/^wxdev[0-9a-f]{13}$/), appIdFrom: 'path' },
      ]);
    } finally {
      await defaults.close();
    }
  });

  test('is refused with several folders, or when it is not a plain name', async () => {
    const [a, b] = [mini(), mini()];
    await expect(startDemo({ port: 0, miniDirs: [a, b], appId: 'wxone' })).rejects.toThrow(
      'an appId names one mini program, and 2 folders are given; give each folder its own appid in its project.config.json',
    );
    await expect(startDemo({ port: 0, miniDirs: [a], appId: 'wx one' })).rejects.toThrow('appid must be 1 to 128 letters, digits, _ or -, not "wx one"');
  });
});

describe('--host: where the servers listen', () => {
  /** Whether a TCP connection to host:port is accepted. */
  const accepts = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
  /** This machine's first address that other machines can reach, if it has one. */
  const external = Object.values(networkInterfaces())
    .flat()
    .find((info) => info !== undefined && !info.internal && info.family === 'IPv4')?.address;

  test('loopback addresses, and the rest', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) expect({ address, loopback: isLoopbackAddress(address) }).toEqual({ address, loopback: true });
    for (const address of ['0.0.0.0', '::', '192.168.1.20', 'fd00::2', '128.0.0.1', '::ffff:10.0.0.1']) expect({ address, loopback: isLoopbackAddress(address) }).toEqual({ address, loopback: false });
    expect(originHostname('127.0.0.1')).toBe('127.0.0.1');
    expect(originHostname('0.0.0.0')).toBe(external ?? '127.0.0.1');
  });

  test('by default every server listens on 127.0.0.1 only: not on the machine’s other addresses', async () => {
    for (const site of [demo.hostOrigin, demo.miniOrigin]) {
      const port = Number(new URL(site).port);
      expect(new URL(site).hostname).toBe('127.0.0.1');
      expect(await accepts('127.0.0.1', port)).toBe(true);
      if (external !== undefined) expect(await accepts(external, port)).toBe(false);
    }
  });

  test('an address other machines can reach is refused without expose', async () => {
    await expect(startDemo({ port: 0, miniDirs: [folder], host: '0.0.0.0' })).rejects.toThrow(
      '0.0.0.0 is reachable from other machines: the demo has no login and serves the mini program folders; pass expose: true if you mean it',
    );
  });

  test('IPv6 loopback needs no expose; its origins are bracketed', async () => {
    const hasIpv6Loopback = Object.values(networkInterfaces()).flat().some((info) => info?.address === '::1');
    if (!hasIpv6Loopback) return; // a machine without IPv6: nothing to listen on
    const six = await startDemo({ port: 0, miniDirs: [folder], host: '::1' });
    try {
      expect(six.hostOrigin).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await get(six.hostOrigin, '/')).status).toBe(200);
      expect((await get(six.miniOrigin, '/data.json')).status).toBe(200);
    } finally {
      await six.close();
    }
  });

  test('0.0.0.0 with expose: the origins are named by an address of this machine, which the page, its CSP and the guest all use', async () => {
    const open = await startDemo({ port: 0, miniDirs: [folder], host: '0.0.0.0', expose: true });
    try {
      const name = originHostname('0.0.0.0');
      expect(new URL(open.hostOrigin).hostname).toBe(name);
      expect(new URL(open.miniOrigin).hostname).toBe(name);
      const page = await get(open.hostOrigin, '/');
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toContain(`frame-src ${open.miniOrigin}`);
      expect((await get(open.miniOrigin, GUEST_SCRIPT_PATH)).body).toContain(`hostOrigin: ${JSON.stringify(open.hostOrigin)}`);
      // Reached by another name (here 127.0.0.1, which 0.0.0.0 also listens on): sent to the origin's name.
      const port = new URL(open.hostOrigin).port;
      const other = await get(`http://127.0.0.1:${port}`, '/', { host: `127.0.0.1:${port}` });
      expect(name === '127.0.0.1' ? other.status : [other.status, other.headers.location]).toEqual(name === '127.0.0.1' ? 200 : [307, `${open.hostOrigin}/`]);
    } finally {
      await open.close();
    }
  });

  test('an address that is not this machine’s names the fix', async () => {
    await expect(startDemo({ port: 0, miniDirs: [folder], host: '192.0.2.123', expose: true })).rejects.toThrow(
      'cannot listen on 192.0.2.123: it is not an address of this machine; pass one of its own with --host <address>, or leave --host out for 127.0.0.1',
    );
  });
});
