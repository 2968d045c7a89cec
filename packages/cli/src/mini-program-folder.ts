/**
 * A mini program developer's folder, served as the mini program's origin: its files as they are
 * on disk (read at each request, so an edit shows on reload), and, when it has no index.html, a
 * generated page that loads the guest script and then its app.js. Its appId is the `appid` of its
 * project.config.json, as in a WeChat project, or one made up from the folder's path.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { extname, join, resolve } from 'node:path';
import type { ServedFile } from './site-server';
import { isPlainObject } from '@wxbridge/protocol';

/** Where the demo serves the guest script (an IIFE defining the global `wx`), on the mini program's origin. */
export const GUEST_SCRIPT_PATH = '/__wxbridge/guest.js';

export interface MiniProgramFolder {
  /** The folder, absolute. */
  dir: string;
  /** `index.html` when there is one; otherwise the page is generated around `app.js`. */
  entry: 'index.html' | 'app.js';
  /** The app the host binds it to: project.config.json's `appid`, or `wxdev` and 13 hex digits of the folder's path. */
  appId: string;
  /** Where the appId comes from: the folder's project.config.json, its path (made up), or `wxbridge dev --app-id`. */
  appIdFrom: 'project.config.json' | 'path' | 'option';
  /** Its developer backend, a Node script (project.config.json's `wxbridge.backend`), absolute. */
  backend?: string;
}

/** What an appid may be here: it is shown in the page and names the app's decisions. */
const APP_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Why `appid` cannot be an appid (`appid must be …, not "…"`), or undefined when it can. */
export function appIdProblem(appid: unknown, name = 'appid'): string | undefined {
  return typeof appid === 'string' && APP_ID.test(appid) ? undefined : `${name} must be 1 to 128 letters, digits, _ or -, not ${JSON.stringify(appid)}`;
}

/** An appId made up from the folder's path: the same at every run, another for another folder. */
const madeUpAppId = (dir: string) => 'wxdev' + createHash('sha256').update(dir).digest('hex').slice(0, 13);

/** The folder's project.config.json, parsed (undefined without one). */
function projectConfig(dir: string): Record<string, unknown> | undefined {
  const config = join(dir, 'project.config.json');
  if (!existsSync(config)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(config, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    throw new Error(`${config} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The folder's appId: project.config.json's `appid`, else made up. */
function appIdOf(dir: string, project: Record<string, unknown> | undefined): Pick<MiniProgramFolder, 'appId' | 'appIdFrom'> {
  const appid = project?.appid;
  if (appid === undefined) return { appId: madeUpAppId(dir), appIdFrom: 'path' };
  const problem = appIdProblem(appid);
  if (problem !== undefined) throw new Error(`${join(dir, 'project.config.json')}: ${problem}`);
  return { appId: appid as string, appIdFrom: 'project.config.json' };
}

/**
 * The developer backend project.config.json names (`"wxbridge": {"backend": "backend/server.mjs"}`):
 * a script inside the folder, absolute; its own subfolder is not served to the browser.
 */
function backendOf(dir: string, project: Record<string, unknown> | undefined): Pick<MiniProgramFolder, 'backend'> {
  const settings = project?.wxbridge;
  if (settings === undefined) return {};
  const at = `${join(dir, 'project.config.json')}: wxbridge`;
  if (!isPlainObject(settings)) throw new Error(`${at} must be an object {"backend": "<file>"}`);
  const backend = (settings as Record<string, unknown>).backend;
  if (backend === undefined) return {};
  const file = typeof backend === 'string' ? miniProgramFilePath(dir, '/' + backend.split(nodePath.sep).join('/')) : undefined;
  if (file === undefined) throw new Error(`${at}.backend must be the path of a Node script inside the folder, such as "backend/server.mjs", not ${JSON.stringify(backend)}`);
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`${at}.backend names ${file}, which is not a file`);
  return { backend: file };
}

/** The folder, its project.config.json read: its appId and its backend. */
function folderOf(dir: string, entry: MiniProgramFolder['entry']): MiniProgramFolder {
  const project = projectConfig(dir);
  return { dir, entry, ...appIdOf(dir, project), ...backendOf(dir, project) };
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
  if (existsSync(join(dir, 'index.html'))) return folderOf(dir, 'index.html');
  if (existsSync(join(dir, 'app.js'))) return folderOf(dir, 'app.js');
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

/** What the rule needs of a path module: Node's own, or `path.posix` / `path.win32` in tests. */
export type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>;

/**
 * What no served path may hold once decoded, on any platform: NUL; `\`, a separator on Windows
 * (`/x%5C..%5C.env` would name `.env` there); `:`, a drive or an NTFS stream on Windows
 * (`/app.js::$DATA`).
 */
const REFUSED_CHARACTERS = /[\0\\:]/;

/** A hidden name (`.env`, `.git`), or `.` / `..`. */
const hidden = (segment: string) => segment.startsWith('.');

/** Whether `file` is inside `dir`, with no hidden name on the way, by the rules of `paths`. */
function insideAndVisible(dir: string, file: string, paths: PathApi): boolean {
  const relative = paths.relative(dir, file);
  if (relative === '' || paths.isAbsolute(relative)) return false;
  return !relative.split(paths.sep).some(hidden); // `..` (outside) is hidden too
}

/**
 * The file a URL path names inside `dir` (by the rules of `paths`, Node's own by default), or
 * undefined. The path is decoded first, then refused if it holds a NUL, a backslash or a colon, or
 * a hidden segment (`.env`, `.git/config`, `..`): the same answer on Linux, macOS and Windows.
 */
export function miniProgramFilePath(dir: string, urlPath: string, paths: PathApi = nodePath): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || REFUSED_CHARACTERS.test(path) || path.split('/').some(hidden)) return undefined;
  const file = paths.resolve(dir, '.' + path);
  return insideAndVisible(dir, file, paths) ? file : undefined;
}

/** Whether `file` is the backend, or in the backend's own subfolder: the server's code, not the mini program's. */
function isBackendFile(dir: string, backend: string, file: string): boolean {
  const home = nodePath.dirname(backend);
  return file === backend || (home !== dir && !nodePath.relative(home, file).startsWith('..'));
}

/** The file at a URL path, or undefined (missing, a folder, hidden, or outside the mini program's folder, links followed). */
export function readMiniProgramFile(folder: MiniProgramFolder, urlPath: string): ServedFile | undefined {
  const path = urlPath === '/' ? '/index.html' : urlPath;
  if (path === '/index.html' && folder.entry === 'app.js') return { type: CONTENT_TYPES['.html']!, body: generatedPage() };
  const file = miniProgramFilePath(folder.dir, path);
  if (file === undefined || !existsSync(file) || !statSync(file).isFile()) return undefined;
  // The same rules on the real paths, links followed (a link to `.env` is hidden too, a link to the
  // backend is the backend) and, on Windows, short 8.3 names expanded (`ENV~1` is `.env`).
  const [dir, real] = [realpathSync.native(folder.dir), realpathSync.native(file)];
  if (!insideAndVisible(dir, real, nodePath)) return undefined;
  const backend = folder.backend;
  if (backend !== undefined && (isBackendFile(folder.dir, backend, file) || (existsSync(backend) && isBackendFile(dir, realpathSync.native(backend), real)))) return undefined;
  return { type: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', body: readFileSync(file) };
}
