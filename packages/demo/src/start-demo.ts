/**
 * `startDemo`: the demo superapp on two origins of 127.0.0.1, so the origin checks between host
 * and mini program are real. The host page is served on `port`, the mini program (a folder, by
 * default the bundled sample) on `port + 1` (both free ports when `port` is 0).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundleForBrowser } from './browser-bundle';
import { DEFAULT_PORT } from './cli-args';
import { hostPageHtml } from './host-page-html';
import { GUEST_SCRIPT_PATH, readMiniProgramFile, resolveMiniProgram } from './mini-program-folder';
import { startSite, type ServedFile, type Site } from './site-server';

/** The sample mini program that `npm start` serves. */
export const SAMPLE_MINI_PROGRAM = join(__dirname, '..', 'mini-program');
const BROWSER = join(__dirname, 'browser');

/** The identity the demo host binds the mini program to (a development version, as in a developer's tool). */
export const DEMO_APP = Object.freeze({ appId: 'wxdemo0123456789', envVersion: 'develop' as const });

export interface DemoOptions {
  /** The host page's port; the mini program gets the next one. Default 5170; 0 picks free ports. */
  port?: number;
  /** The mini program's folder (an index.html, or an app.js). Default: the bundled sample. */
  miniDir?: string;
}

export interface Demo {
  /** The page to open. */
  url: string;
  hostOrigin: string;
  miniOrigin: string;
  /** Stops both servers. */
  close(): Promise<void>;
}

const js = (body: string): ServedFile => ({ type: 'text/javascript; charset=utf-8', body });

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const folder = resolveMiniProgram(options.miniDir ?? SAMPLE_MINI_PROGRAM);
  const port = options.port ?? DEFAULT_PORT;
  // The mock must not refuse to start: this is a development tool, never a production build.
  const hostJs = bundleForBrowser(join(BROWSER, 'host-page.ts'), { define: { 'process.env.NODE_ENV': '"development"' } });
  const hostCss = readFileSync(join(BROWSER, 'host-page.css'), 'utf8');
  let hostPage = '';
  let guestJs = '';
  let csp = '';

  const host = await startSite(port, (path) => {
    if (path === '/') return { type: 'text/html; charset=utf-8', body: hostPage, headers: { 'content-security-policy': csp } };
    if (path === '/host.js') return js(hostJs);
    if (path === '/host.css') return { type: 'text/css; charset=utf-8', body: hostCss };
    return undefined;
  });
  let mini: Site;
  try {
    mini = await startSite(port === 0 ? 0 : port + 1, (path) => (path === GUEST_SCRIPT_PATH ? js(guestJs) : readMiniProgramFile(folder, path)));
  } catch (error) {
    await host.close();
    throw error;
  }

  guestJs = bundleForBrowser(join(BROWSER, 'guest-script.ts'), { define: { __WXBRIDGE_HOST_ORIGIN__: JSON.stringify(host.origin) } });
  hostPage = hostPageHtml({ miniOrigin: mini.origin, miniUrl: mini.origin + '/', app: DEMO_APP, title: basename(folder.dir) });
  csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    `frame-src ${mini.origin}`,
    "object-src 'none'",
    "base-uri 'none'",
    // No other page may frame the superapp and trick clicks on its dialogs or its mock panel.
    "frame-ancestors 'none'",
  ].join('; ');

  return {
    url: host.origin + '/',
    hostOrigin: host.origin,
    miniOrigin: mini.origin,
    close: async () => {
      await Promise.all([host.close(), mini.close()]);
    },
  };
}
