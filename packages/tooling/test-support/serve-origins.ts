/**
 * Serves pages from several real origins (one HTTP server per origin on 127.0.0.1, each on its
 * own port), with the packages bundled for the browser by esbuild from their sources
 * (`bundleForBrowser`, shared with the demo).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export { bundleForBrowser } from './browser-bundle';

export interface Site {
  origin: string;
  server: Server;
}

/** Starts one origin serving `files` (path → [content type, body]); `render` may fill in origins later. */
export async function serveSite(files: () => Record<string, [string, string]>): Promise<Site> {
  const server = createServer((request, response) => {
    const file = files()[new URL(request.url ?? '/', 'http://x').pathname];
    if (!file) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, server };
}

/** The Chromium from the system package (never a test tool's download). */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const { existsSync } = require('node:fs') as typeof import('node:fs');
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error('Chromium not found: install it with `apt-get install -y chromium` (.ci/run does)');
  return found;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
