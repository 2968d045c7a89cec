/**
 * `startDemo`: the demo superapp on several origins of 127.0.0.1, so the origin checks between host
 * and mini programs are real. The host page is served on `port`, and each mini program (a folder,
 * by default the bundled sample) on a port of its own, `port + 1`, `port + 2`, … (free ports when
 * `port` is 0): one mini program, one origin, so no mini program can script another's page or
 * speak as it, and the host binds each origin to exactly one appId.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundleForBrowser } from './browser-bundle';
import { DEFAULT_PORT } from './cli-args';
import { hostPageHtml } from './host-page-html';
import { GUEST_SCRIPT_PATH, readMiniProgramFile, resolveMiniProgram, type MiniProgramFolder } from './mini-program-folder';
import { startSite, type ServedFile, type Site } from './site-server';

/** The sample mini program that `npm start` serves. */
export const SAMPLE_MINI_PROGRAM = join(__dirname, '..', 'mini-program');
const BROWSER = join(__dirname, 'browser');

/** The sample's identity (its project.config.json's appid; a development version, as in a developer's tool). */
export const DEMO_APP = Object.freeze({ appId: 'wxdemo0123456789', envVersion: 'develop' as const });

export interface DemoOptions {
  /** The host page's port; the mini programs get the next ones. Default 5170; 0 picks free ports. */
  port?: number;
  /** The mini programs' folders (each an index.html, or an app.js). Default: the bundled sample. */
  miniDirs?: readonly string[];
}

/** One mini program being served: its folder, its appId and its own origin. */
export interface DemoApp {
  appId: string;
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
function resolveApps(dirs: readonly string[]): MiniProgramFolder[] {
  if (dirs.length === 0) throw new Error('name at least one mini program folder');
  const folders = dirs.map(resolveMiniProgram);
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
  const folders = resolveApps(options.miniDirs ?? [SAMPLE_MINI_PROGRAM]);
  const port = options.port ?? DEFAULT_PORT;
  if (port !== 0 && port + folders.length > 65535) {
    throw new Error(`port ${port} leaves no room for ${folders.length} mini programs on the ports after it; pass a lower one with --port <n>`);
  }
  // The mock must not refuse to start: this is a development tool, never a production build.
  const hostJs = bundleForBrowser(join(BROWSER, 'host-page.ts'), { define: { 'process.env.NODE_ENV': '"development"' } });
  const hostCss = readFileSync(join(BROWSER, 'host-page.css'), 'utf8');
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
        return undefined;
      }),
    );
    for (const [i, folder] of folders.entries()) {
      const route = (path: string) => (path === GUEST_SCRIPT_PATH ? js(guestJs) : readMiniProgramFile(folder, path));
      sites.push(await startSite(port === 0 ? 0 : port + 1 + i, route));
    }
  } catch (error) {
    await close();
    throw error;
  }
  const [host, ...minis] = sites as [Site, ...Site[]];
  const apps = folders.map(({ appId, dir }, i): DemoApp => ({ appId, dir, origin: minis[i]!.origin }));

  guestJs = bundleForBrowser(join(BROWSER, 'guest-script.ts'), { define: { __WXBRIDGE_HOST_ORIGIN__: JSON.stringify(host.origin) } });
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
