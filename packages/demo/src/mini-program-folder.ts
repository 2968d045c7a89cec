/**
 * A mini program developer's folder, served as the mini program's origin: its files as they are
 * on disk (read at each request, so an edit shows on reload), and, when it has no index.html, a
 * generated page that loads the guest script and then its app.js.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { ServedFile } from './site-server';

/** Where the demo serves the guest script (an IIFE defining the global `wx`), on the mini program's origin. */
export const GUEST_SCRIPT_PATH = '/__wxbridge/guest.js';

export interface MiniProgramFolder {
  /** The folder, absolute. */
  dir: string;
  /** `index.html` when there is one; otherwise the page is generated around `app.js`. */
  entry: 'index.html' | 'app.js';
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The folder, checked; throws an Error that says what is missing. */
export function resolveMiniProgram(folder: string): MiniProgramFolder {
  const dir = resolve(folder);
  if (!existsSync(dir)) throw new Error(`no mini program folder at ${dir}`);
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder; name the folder that holds your mini program`);
  if (existsSync(join(dir, 'index.html'))) return { dir, entry: 'index.html' };
  if (existsSync(join(dir, 'app.js'))) return { dir, entry: 'app.js' };
  throw new Error(`${dir} has neither an index.html nor an app.js; add one of them`);
}

/** The page generated for a folder with only an app.js: the guest script first, then the app. */
export function generatedPage(): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mini program</title>
</head>
<body>
<script src="${GUEST_SCRIPT_PATH}"></script>
<script src="/app.js"></script>
</body>
</html>
`;
}

/** The file at a URL path, or undefined (missing, a folder, hidden, or outside the mini program's folder, links followed). */
export function readMiniProgramFile(folder: MiniProgramFolder, urlPath: string): ServedFile | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path === '/' || path === '/index.html') {
    if (folder.entry === 'app.js') return { type: CONTENT_TYPES['.html']!, body: generatedPage() };
    path = '/index.html';
  }
  // No NUL, and no hidden files or folders (`.env`, `.git/config`): only what a page would load.
  if (path.includes('\0') || path.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const file = resolve(folder.dir, '.' + path);
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  // Inside the folder once links are followed, too.
  if (!realpathSync(file).startsWith(realpathSync(folder.dir) + sep)) return undefined;
  return { type: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', body: readFileSync(file) };
}
