/**
 * The config's `"store"`: where the server keeps what it shares with the host. `file:<folder>` (the
 * default `file:./data`, relative to the config file's folder) is the embedded FileStore; a
 * `redis://` or `rediss://` URL names a Redis store, which comes with `@wxbridge/store-redis`
 * (not available yet: the command says so instead of falling back to files).
 */
import { isAbsolute, resolve } from 'node:path';
import type { SharedStore } from '@wxbridge/store';
import { FileStore } from '@wxbridge/store/node';
import { ConfigError } from './config-error';

export const DEFAULT_STORE = 'file:./data';

export type StoreSpec = { kind: 'file'; folder: string } | { kind: 'redis'; url: string };

/** `text` (the config's `store`, at `at`) as a store spec; relative folders are resolved from `baseDir`. */
export function parseStoreSpec(text: unknown, baseDir: string, at = 'store'): StoreSpec {
  if (typeof text !== 'string' || text === '') throw new ConfigError(`${at} must be a string such as "${DEFAULT_STORE}" or "redis://host:6379"`);
  if (text.startsWith('file:')) {
    const folder = text.slice('file:'.length);
    if (folder === '' || folder.includes('\0')) throw new ConfigError(`${at} must name a folder after file:, e.g. "${DEFAULT_STORE}"`);
    return { kind: 'file', folder: isAbsolute(folder) ? folder : resolve(baseDir, folder) };
  }
  if (/^rediss?:\/\//.test(text)) return { kind: 'redis', url: text };
  throw new ConfigError(`${at} must start with file: (a folder, e.g. "${DEFAULT_STORE}") or redis:// (a Redis server), not ${JSON.stringify(text)}`);
}

/** The store a spec names, opened. */
export function openStore(spec: StoreSpec, at = 'store'): SharedStore {
  if (spec.kind === 'file') return new FileStore(spec.folder);
  throw new ConfigError(
    `${at} ${describeStore(spec)}: Redis stores are not supported yet; they come with @wxbridge/store-redis (npm install @wxbridge/store-redis once it is published). ` +
      `Use "${DEFAULT_STORE}" meanwhile`,
  );
}

/** How the store is named in what the command prints (a Redis URL without its password). */
export function describeStore(spec: StoreSpec): string {
  return spec.kind === 'file' ? `file:${spec.folder}` : spec.url.replace(/\/\/[^@/]*@/, '//…@');
}
