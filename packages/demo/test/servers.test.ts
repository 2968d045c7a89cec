// The demo's two origins over HTTP: what each serves, and what it refuses.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { GUEST_SCRIPT_PATH, generatedPage, resolveMiniProgram } from '../src/mini-program-folder';
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
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const url = new URL(origin);
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
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
      expect(alpha).toEqual({ appId: 'wxalpha0000000001', dir: a, origin: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      expect(beta).toEqual({ appId: expect.stringMatching(/^wxdev[0-9a-f]{13}$/), dir: b, origin: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
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
