/**
 * The file paths a markdown doc names, so a doc-honesty test can check that each still exists:
 * backticked paths (`packages/host/src/host.ts`, from the repository root, or `./x` / `../x` from
 * the doc's folder) and relative links (`[text](../packages/host/src/host.ts)`, `[id]: x.md`, from
 * the doc's folder). Fenced code blocks, URLs, anchors, package names (`@wxbridge/host`) and globs
 * are not paths; a `:12` or `:12-30` line suffix and a `#fragment` are dropped.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, normalize, posix } from 'node:path';

/** Looks like a path: slash-separated segments of word characters, dots and dashes. */
const PATH_LIKE = /^(?:\.{1,2}\/)*[\w.-]+(?:\/[\w.-]+)*\/?$/;
/** Backticked `./x` and `../x` are read from the doc's folder; any other backticked path from the root. */
const DOC_RELATIVE = /^\.{1,2}\//;

function isBacktickedPath(token: string, rootEntries: ReadonlySet<string>): boolean {
  if (!token.includes('/') || !PATH_LIKE.test(token)) return false;
  const first = token.replace(/^(?:\.{1,2}\/)+/, '').split('/')[0]!;
  // A file (an extension), a folder (a trailing slash), or anything under a top-level entry: not `text/css`.
  return /\.[A-Za-z0-9]+$/.test(token) || token.endsWith('/') || DOC_RELATIVE.test(token) || rootEntries.has(first);
}

function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** Repository-relative (posix) paths `docPath` (itself repository-relative) names, sorted, each once. */
export function pathsNamedIn(markdown: string, docPath: string, rootEntries: ReadonlySet<string> = new Set()): string[] {
  const docDir = posix.dirname(docPath);
  const text = withoutFences(markdown);
  const found = new Set<string>();
  const add = (from: string, target: string) => {
    // A path outside the repository keeps its `../` and is reported as missing rather than passed over.
    found.add(posix.normalize(posix.join(from, target)).replace(/\/$/, ''));
  };
  for (const [, token] of text.matchAll(/`([^`\n]+)`/g)) {
    const path = token!.trim().replace(/:\d+(?:-\d+)?$/, '');
    if (isBacktickedPath(path, rootEntries)) add(DOC_RELATIVE.test(path) ? docDir : '', path);
  }
  const links = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...text.matchAll(/^\s*\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)];
  for (const [, target] of links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target!) || target!.startsWith('#')) continue; // a URL or an anchor here
    const path = target!.replace(/[?#].*$/, '');
    if (path) add(path.startsWith('/') ? '' : docDir, path.replace(/^\/+/, ''));
  }
  return [...found].sort();
}

/**
 * Reads `docPath` (repository-relative) under `root`: the paths it names and those of them that do
 * not exist. Throws "`docPath` is missing" when the doc itself does not exist.
 */
export function checkDocPaths(root: string, docPath: string): { named: string[]; missing: string[] } {
  const file = join(root, normalize(docPath));
  if (!existsSync(file)) throw new Error(`${docPath} is missing`);
  const named = pathsNamedIn(readFileSync(file, 'utf8'), docPath, new Set(readdirSync(root)));
  return { named, missing: named.filter((path) => path.startsWith('../') || !existsSync(join(root, path))) };
}
