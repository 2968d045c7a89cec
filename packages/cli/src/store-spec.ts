/**
 * The config's `"store"` (or `serve --store`): where the server keeps what it shares with the
 * hosts. `file:<folder>` (the default `file:./data`, relative to the config file's folder) is the
 * embedded FileStore; a `redis://` or `rediss://` URL with the deployment's key prefix
 * (`redis://host:6379/0?prefix=prod:`) is a Redis store. The Redis store comes with
 * `@wxbridge/store-redis`, which the command does not bundle (nor its Redis client): it is loaded
 * when a Redis store is named, from beside the command, and the command says how to install it
 * when it is not there.
 */
import { isAbsolute, resolve } from 'node:path';
import type { SharedStore } from '@wxbridge/store';
import { FileStore } from '@wxbridge/store/node';
import { ConfigError } from './config-error';

export const DEFAULT_STORE = 'file:./data';
export const REDIS_EXAMPLE = 'redis://127.0.0.1:6379/0?prefix=prod:';

export type StoreSpec = ({ kind: 'file'; folder: string } | { kind: 'redis'; url: string }) & {
  /** Where it was given (`store`, the config's field, or `--store`): what its errors name. */
  at: string;
};

/** A store, open, and how to let it go once the server has stopped. */
export interface OpenedStore {
  store: SharedStore;
  close(): Promise<void>;
}

/** The Redis store's package is not installed beside the command. */
export class MissingStorePackage extends Error {
  override readonly name = 'MissingStorePackage';
}

/** `text` (the config's `store`, or `--store`, named by `at`) as a store spec; relative folders are resolved from `baseDir`. */
export function parseStoreSpec(text: unknown, baseDir: string, at = 'store'): StoreSpec {
  if (typeof text !== 'string' || text === '') throw new ConfigError(`${at} must be a string such as "${DEFAULT_STORE}" or "${REDIS_EXAMPLE}"`);
  if (text.startsWith('file:')) {
    const folder = text.slice('file:'.length);
    if (folder === '' || folder.includes('\0')) throw new ConfigError(`${at} must name a folder after file:, e.g. "${DEFAULT_STORE}"`);
    return { kind: 'file', folder: isAbsolute(folder) ? folder : resolve(baseDir, folder), at };
  }
  if (/^rediss?:\/\//.test(text)) return { kind: 'redis', url: checkRedisUrl(text, at), at };
  throw new ConfigError(`${at} must start with file: (a folder, e.g. "${DEFAULT_STORE}") or redis:// (a Redis server, e.g. "${REDIS_EXAMPLE}"), not ${JSON.stringify(describeUrl(text))}`);
}

/** A Redis URL the Redis store can take: a host, a numbered database or none, the prefix and nothing else. */
function checkRedisUrl(text: string, at: string): string {
  const shown = JSON.stringify(describeUrl(text));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${at} is not a valid URL: ${shown}; expected one such as "${REDIS_EXAMPLE}"`);
  }
  if (url.hostname === '') throw new ConfigError(`${at} must name the Redis server's host, e.g. "${REDIS_EXAMPLE}", not ${shown}`);
  if (!/^\/?(\d+)?$/.test(url.pathname)) throw new ConfigError(`${at}: the database (the URL's path) must be a number such as /0, not ${JSON.stringify(url.pathname)}`);
  const unknown = [...url.searchParams.keys()].find((key) => key !== 'prefix');
  if (unknown !== undefined) throw new ConfigError(`${at} has an unknown URL parameter "${unknown}" (the only one is prefix, e.g. "${REDIS_EXAMPLE}")`);
  if (!url.searchParams.get('prefix')) {
    throw new ConfigError(
      `${at} must give the deployment's key prefix as ?prefix=, e.g. "${REDIS_EXAMPLE}": every key the store uses starts with it, one per environment (${shown} has none)`,
    );
  }
  return text;
}

/** The Redis store's package, from beside the command (kept out of its bundle: see packages/tooling/build.mjs). */
async function loadStoreRedis(spec: StoreSpec): Promise<typeof import('@wxbridge/store-redis')> {
  try {
    return await import('@wxbridge/store-redis');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if ((code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && message.includes("'@wxbridge/store-redis'")) {
      throw new MissingStorePackage(`${spec.at} ${describeStore(spec)}: install @wxbridge/store-redis beside @wxbridge/cli (npm install @wxbridge/store-redis)`);
    }
    throw error;
  }
}

/**
 * The store a spec names, opened (a Redis store connected). A Redis option the store refuses is a
 * `ConfigError` naming the spec's field; a missing package a `MissingStorePackage`; a Redis that
 * cannot be reached rejects with the store's message.
 */
export async function openStore(spec: StoreSpec): Promise<OpenedStore> {
  if (spec.kind === 'file') return { store: new FileStore(spec.folder), close: async () => {} };
  const { createRedisStore } = await loadStoreRedis(spec);
  let store;
  try {
    store = await createRedisStore({ url: spec.url });
  } catch (error) {
    if (error instanceof TypeError) throw new ConfigError(`${spec.at} ${describeStore(spec)}: ${error.message.replace(/^createRedisStore: /, '')}`);
    throw error;
  }
  return { store, close: () => store.close() };
}

/** Reads one key, so a store that cannot be used (a folder that cannot be made, …) fails at start, not at the first request. */
export async function probeStore(store: SharedStore): Promise<void> {
  await store.get('wxbridge/server/v1/ready');
}

/** `url` without its password. */
function describeUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1…@');
}

/** How the store is named in what the command prints: a Redis URL without its password, its prefix apart. */
export function describeStore(spec: StoreSpec): string {
  if (spec.kind === 'file') return `file:${spec.folder}`;
  const url = new URL(spec.url);
  const prefix = url.searchParams.get('prefix');
  url.searchParams.delete('prefix');
  return `${describeUrl(url.toString())} (prefix ${JSON.stringify(prefix)})`;
}
