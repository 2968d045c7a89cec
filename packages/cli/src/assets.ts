/**
 * The browser side of `wxbridge dev`, built ahead of time (packages/tooling/build.mjs writes
 * dist/browser/ on `npm run build` and on pack), so the command needs no bundler and no sources
 * at run time: the superapp page's script and style, the icon, and the guest script each mini
 * program's page loads. The guest script is built with a placeholder for the superapp's origin,
 * which is only known once the servers listen.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the built assets are: dist/browser, from src/ (Jest, tsc) as from dist/ (the built command). */
const ASSETS_DIR = join(__dirname, '..', 'dist', 'browser');

/** The files in ASSETS_DIR, as the build writes them. */
const ASSET_FILES = Object.freeze({ hostJs: 'host.js', hostCss: 'host.css', favicon: 'favicon.ico', guestJs: 'guest.js' });

/** What the guest script holds wherever the superapp's origin goes (in strings and template literals), replaced when served. */
export const HOST_ORIGIN_PLACEHOLDER = '__WXBRIDGE_HOST_ORIGIN__';

/** An origin as the servers name them: nothing that could end a string or a template literal. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.:[\]-]+$/;

export interface BrowserAssets {
  hostJs: string;
  hostCss: string;
  favicon: Buffer;
  /** The guest script, bound to the superapp at `hostOrigin`. */
  guestJs(hostOrigin: string): string;
}

export function readAssets(dir: string = ASSETS_DIR): BrowserAssets {
  const missing = Object.values(ASSET_FILES).filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new Error(`the browser files of wxbridge dev are missing from ${dir} (${missing.join(', ')}): in the wxbridge repository, run npm run build`);
  }
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const guest = read(ASSET_FILES.guestJs).split(HOST_ORIGIN_PLACEHOLDER);
  if (guest.length < 2) throw new Error(`${join(dir, ASSET_FILES.guestJs)} has no place for the superapp's origin: rebuild it`);
  return {
    hostJs: read(ASSET_FILES.hostJs),
    hostCss: read(ASSET_FILES.hostCss),
    favicon: readFileSync(join(dir, ASSET_FILES.favicon)),
    guestJs: (hostOrigin) => {
      if (!ORIGIN.test(hostOrigin)) throw new Error(`not an origin: ${JSON.stringify(hostOrigin)}`);
      return guest.join(hostOrigin);
    },
  };
}
