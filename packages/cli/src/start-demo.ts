/**
 * `startDemo`: the demo superapp on several origins of 127.0.0.1 (or of the address given as
 * `host`), so the origin checks between host and mini programs are real. The host page is served
 * on `port`, and each mini program (a folder, by default the bundled sample) on a port of its own,
 * `port + 1`, `port + 2`, … (free ports when `port` is 0): one mini program, one origin, so no
 * mini program can script another's page or speak as it, and the host binds each origin to
 * exactly one appId.
 */
import { basename, join } from 'node:path';
import { readAssets } from './assets';
import { DEFAULT_PORT } from './cli-args';
import { hostPageHtml } from './host-page-html';
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
}

/** One mini program being served: its folder, its appId (and where that comes from) and its own origin. */
export interface DemoApp {
  appId: string;
  appIdFrom: MiniProgramFolder['appIdFrom'];
  dir: string;
  origin: string;
}

export interface Demo {
  /** The page to open. */
  url: string;
  hostOrigin: string;
  /** The first mini program's origin (the only one, with one folder). */
  miniOrigin: string;
  /** Every mini program, in the order given, each on its own origin. */
  apps: readonly DemoApp[];
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

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const folders = resolveApps(options.miniDirs ?? [SAMPLE_MINI_PROGRAM], options.appId);
  const port = options.port ?? DEFAULT_PORT;
  const bind = options.host ?? DEMO_HOSTNAME;
  if (!isLoopbackAddress(bind) && options.expose !== true) {
    throw new Error(`${bind} is reachable from other machines: the demo has no login and serves the mini program folders; pass expose: true if you mean it`);
  }
  if (port !== 0 && port + folders.length > 65535) {
    throw new Error(`port ${port} leaves no room for ${folders.length} mini programs on the ports after it; pass a lower one with --port <n>`);
  }
  // Built ahead of time (assets.ts); read at each start, so a rebuild shows on the next one.
  const assets = readAssets();
  const { hostJs, hostCss } = assets;
  const site = { bind, onRequest: options.onRequest };
  // Both origins answer the browser's /favicon.ico (a mini program folder's own icon first).
  const favicon: ServedFile = { type: 'image/x-icon', body: assets.favicon };
  let hostPage = '';
  let guestJs = '';
  let csp = '';

  const sites: Site[] = [];
  const close = async () => {
    await Promise.all(sites.map((site) => site.close()));
  };
  try {
    sites.push(
      await startSite(port, (path) => {
        if (path === '/') return { type: 'text/html; charset=utf-8', body: hostPage, headers: { 'content-security-policy': csp } };
        if (path === '/host.js') return js(hostJs);
        if (path === '/host.css') return { type: 'text/css; charset=utf-8', body: hostCss };
        if (path === '/favicon.ico') return favicon;
        return undefined;
      }, site),
    );
    for (const [i, folder] of folders.entries()) {
      const route = (path: string) =>
        path === GUEST_SCRIPT_PATH ? js(guestJs) : (readMiniProgramFile(folder, path) ?? (path === '/favicon.ico' ? favicon : undefined));
      sites.push(await startSite(port === 0 ? 0 : port + 1 + i, route, site));
    }
  } catch (error) {
    await close();
    throw error;
  }
  const [host, ...minis] = sites as [Site, ...Site[]];
  const apps = folders.map(({ appId, appIdFrom, dir }, i): DemoApp => ({ appId, appIdFrom, dir, origin: minis[i]!.origin }));

  guestJs = assets.guestJs(host.origin);
  hostPage = hostPageHtml({
    apps: apps.map(({ appId, dir, origin }) => ({ origin, url: origin + '/', app: { appId, envVersion: 'develop' }, title: basename(dir) })),
  });
  csp = [
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

  return { url: host.origin + '/', hostOrigin: host.origin, miniOrigin: apps[0]!.origin, apps, close };
}
