/**
 * `startDemo`: the demo superapp on several origins of 127.0.0.1 (or of the address given as
 * `host`), so the origin checks between host and mini programs are real. The host page is served
 * on `port`, and each mini program (a folder, by default the bundled sample) on a port of its own,
 * `port + 1`, `port + 2`, … (free ports when `port` is 0): one mini program, one origin, so no
 * mini program can script another's page or speak as it, and the host binds each origin to
 * exactly one appId.
 *
 * With `platform` (what `wxbridge dev` runs), the open-platform server listens on the port after
 * the mini programs' over a FileStore in the data folder, the page's host logs in with the v2
 * standard through that store (demo-platform.ts), and each folder's developer backend runs on the
 * ports after the server's, its URL given to the mini program as the `backend` query parameter.
 */
import { basename, join } from 'node:path';
import { readAssets } from './assets';
import { DEFAULT_PORT } from './cli-args';
import { hostPageHtml } from './host-page-html';
import { startDemoPlatform, type DemoPlatform } from './demo-platform';
import { appIdProblem, GUEST_SCRIPT_PATH, readMiniProgramFile, resolveMiniProgram, type MiniProgramFolder } from './mini-program-folder';
import { DEMO_HOSTNAME, isLoopbackAddress, startSite, type ServedFile, type ServedRequest, type Site } from './site-server';

/** The sample mini program that `npm start` serves (in the repository; the published package does not ship it). */
export const SAMPLE_MINI_PROGRAM = join(__dirname, '..', 'mini-program');

/** The sample's identity (its project.config.json's appid; a development version, as in a developer's tool). */
export const DEMO_APP = Object.freeze({ appId: 'wxdemo0123456789', envVersion: 'develop' as const });

export interface DemoOptions {
  /** The host page's port; the mini programs get the next ones. Default 5170; 0 picks free ports. */
  port?: number;
  /** The mini programs' folders (each an index.html, or an app.js). Default: the bundled sample. */
  miniDirs?: readonly string[];
  /** The appId of the one mini program, instead of its project.config.json's (`wxbridge dev --app-id`). */
  appId?: string;
  /** The address every server listens on. Default `127.0.0.1`; one that is not loopback needs `expose`. */
  host?: string;
  /** Allows a `host` other machines can reach (`0.0.0.0`): the servers have no login and serve the folders. */
  expose?: boolean;
  /** Told of every request any of the servers answered. */
  onRequest?: (request: ServedRequest) => void;
  /**
   * The open-platform server, v2 login and the developer backends, over the FileStore in `data`
   * (what `wxbridge dev` runs). Without it, `login` and `checkSession` answer from the mock panel.
   */
  platform?: { data: string };
  /** Where the backends' output and the server's internal errors go. Default: stderr. */
  log?: (line: string) => void;
}

/** One mini program being served: its folder, its appId (and where that comes from) and its own origin. */
export interface DemoApp {
  appId: string;
  appIdFrom: MiniProgramFolder['appIdFrom'];
  dir: string;
  origin: string;
  /** Its developer backend, when it has one and the platform runs: where it listens, and its script. */
  backend?: { url: string; file: string };
}

export interface Demo {
  /** The page to open. */
  url: string;
  hostOrigin: string;
  /** The first mini program's origin (the only one, with one folder). */
  miniOrigin: string;
  /** Every mini program, in the order given, each on its own origin. */
  apps: readonly DemoApp[];
  /** The open-platform server (with `options.platform`): its base URL, health endpoint and data folder. */
  platform?: { url: string; health: string; data: string };
  /** Stops every server. */
  close(): Promise<void>;
}

const js = (body: string): ServedFile => ({ type: 'text/javascript; charset=utf-8', body });

/** The folders, checked: each must be its own app, since each gets its own origin. */
function resolveApps(dirs: readonly string[], appId: string | undefined): MiniProgramFolder[] {
  if (dirs.length === 0) throw new Error('name at least one mini program folder');
  if (appId !== undefined) {
    const problem = appIdProblem(appId);
    if (problem !== undefined) throw new Error(problem);
    if (dirs.length > 1) throw new Error(`an appId names one mini program, and ${dirs.length} folders are given; give each folder its own appid in its project.config.json`);
  }
  const folders = dirs.map(resolveMiniProgram).map((folder) => (appId === undefined ? folder : { ...folder, appId, appIdFrom: 'option' as const }));
  const seen = new Map<string, string>();
  for (const { appId, dir } of folders) {
    const other = seen.get(appId);
    if (other !== undefined) {
      throw new Error(`${other} and ${dir} are both appid ${appId}: one app is served from one origin; give each folder its own appid in project.config.json`);
    }
    seen.set(appId, dir);
  }
  return folders;
}

/** The superapp page's Content-Security-Policy: its own scripts and styles, the mini programs' frames. */
function hostPagePolicy(apps: readonly DemoApp[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    `frame-src ${apps.map((app) => app.origin).join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    // No other page may frame the superapp and trick clicks on its dialogs or its mock panel.
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The ports: the host's, the mini programs' after it, then the server's and the backends'. */
function checkPorts(port: number, folders: readonly MiniProgramFolder[], platform: boolean): void {
  const backends = platform ? folders.filter((folder) => folder.backend !== undefined).length : 0;
  const needed = folders.length + (platform ? 1 + backends : 0);
  if (port !== 0 && port + needed > 65535) {
    const what = platform ? `${folders.length} mini programs, the open-platform server and ${backends} backends` : `${folders.length} mini programs`;
    throw new Error(`port ${port} leaves no room for ${what} on the ports after it; pass a lower one with --port <n>`);
  }
}

/** Each folder's backend, on the ports after the server's, allowed the origin of its mini program. */
async function startBackends(platform: DemoPlatform, folders: readonly MiniProgramFolder[], minis: readonly Site[], port: number): Promise<(string | undefined)[]> {
  let next = port === 0 ? 0 : port + folders.length + 2;
  const urls: (string | undefined)[] = [];
  for (const [i, { backend, appId }] of folders.entries()) {
    if (backend === undefined) {
      urls.push(undefined);
      continue;
    }
    urls.push((await platform.startBackend({ file: backend, appId, allowedOrigin: minis[i]!.origin, port: next })).url);
    if (next !== 0) next += 1;
  }
  return urls;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const folders = resolveApps(options.miniDirs ?? [SAMPLE_MINI_PROGRAM], options.appId);
  const port = options.port ?? DEFAULT_PORT;
  const bind = options.host ?? DEMO_HOSTNAME;
  if (!isLoopbackAddress(bind) && options.expose !== true) {
    throw new Error(`${bind} is reachable from other machines: the demo has no login and serves the mini program folders; pass expose: true if you mean it`);
  }
  checkPorts(port, folders, options.platform !== undefined);
  // Built ahead of time (assets.ts); read at each start, so a rebuild shows on the next one.
  const assets = readAssets();
  const { hostJs, hostCss } = assets;
  // Both origins answer the browser's /favicon.ico (a mini program folder's own icon first).
  const favicon: ServedFile = { type: 'image/x-icon', body: assets.favicon };
  const page = { html: '', csp: '', guestJs: '' };
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));

  const sites: Site[] = [];
  let platform: DemoPlatform | undefined;
  const close = async () => {
    await Promise.all(sites.map((site) => site.close()));
    await platform?.close();
  };
  let backends: (string | undefined)[] = [];
  try {
    if (options.platform) {
      const appIds = folders.map((folder) => folder.appId);
      platform = await startDemoPlatform({ data: options.platform.data, bind, port: port === 0 ? 0 : port + folders.length + 1, appIds, log });
    }
    const api = platform?.endpoints(() => sites[0]!.origin);
    const hostRoute = (path: string): ServedFile | undefined => {
      if (path === '/') return { type: 'text/html; charset=utf-8', body: page.html, headers: { 'content-security-policy': page.csp } };
      if (path === '/host.js') return js(hostJs);
      if (path === '/host.css') return { type: 'text/css; charset=utf-8', body: hostCss };
      return path === '/favicon.ico' ? favicon : undefined;
    };
    sites.push(await startSite(port, hostRoute, { bind, onRequest: options.onRequest, ...(api ? { api } : {}) }));
    for (const [i, folder] of folders.entries()) {
      const route = (path: string) =>
        path === GUEST_SCRIPT_PATH ? js(page.guestJs) : (readMiniProgramFile(folder, path) ?? (path === '/favicon.ico' ? favicon : undefined));
      sites.push(await startSite(port === 0 ? 0 : port + 1 + i, route, { bind, onRequest: options.onRequest }));
    }
    if (platform) backends = await startBackends(platform, folders, sites.slice(1), port);
  } catch (error) {
    await close();
    throw error;
  }
  const [host, ...minis] = sites as [Site, ...Site[]];
  const apps = folders.map(({ appId, appIdFrom, dir, backend }, i): DemoApp => ({
    appId,
    appIdFrom,
    dir,
    origin: minis[i]!.origin,
    ...(backends[i] === undefined ? {} : { backend: { url: backends[i]!, file: backend! } }),
  }));

  page.guestJs = assets.guestJs(host.origin);
  page.html = hostPageHtml({
    apps: apps.map(({ appId, dir, origin, backend }) => ({
      origin,
      // The mini program finds its backend where a real one has it written in its code: here, in its page's address.
      url: origin + '/' + (backend === undefined ? '' : `?backend=${encodeURIComponent(backend.url)}`),
      app: { appId, envVersion: 'develop' },
      title: basename(dir),
    })),
    ...(platform ? { platform: platform.page } : {}),
  });
  page.csp = hostPagePolicy(apps);
  const demoPlatform = platform && { url: platform.server.url, health: platform.server.health, data: platform.data };
  return { url: host.origin + '/', hostOrigin: host.origin, miniOrigin: apps[0]!.origin, apps, ...(demoPlatform ? { platform: demoPlatform } : {}), close };
}
