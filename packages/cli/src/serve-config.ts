/**
 * `wxbridge serve`'s config file (`wxbridge.config.json`): the apps with their templates, the
 * store, port, host and path prefix. Every field is checked here, and a wrong one is a
 * `ConfigError` naming it (`apps[0].secretEnv must be …`); the templates' own fields are checked
 * by the server (`createServer`), whose message names them the same way. Secrets are never read
 * from this file (serve-secrets.ts).
 *
 * ```json
 * {
 *   "apps": [{"appId": "wx1234567890abcdef", "secretEnv": "WX_APP_SECRET",
 *             "templates": [{"id": "order-shipped", "title": "Order shipped", "kind": "one-time", "keywords": ["thing1", "time2"]}]}],
 *   "store": "file:./data", "port": 5180, "host": "127.0.0.1", "prefix": "/", "secretsFile": "./secrets.json"
 * }
 * ```
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AppOptions } from '@wxbridge/server';
import { parseHost } from './arg-values';
import { ConfigError } from './config-error';
import { appSecret, deploymentSecret, readSecretsFile, type SecretsFile } from './serve-secrets';
import { DEFAULT_STORE, parseStoreSpec, type StoreSpec } from './store-spec';
import { DEMO_HOSTNAME } from './site-server';
import { isPlainObject } from '@wxbridge/protocol';

export interface ServeConfig {
  apps: AppOptions[];
  store: StoreSpec;
  /** Undefined: not in the file. */
  port?: number;
  host: string;
  /** The path prefix every route is under: `''` (the root) or `/name…`, no trailing slash. */
  prefix: string;
  /** The deployment secret. */
  secret: string;
}

const TOP_FIELDS = ['apps', 'store', 'port', 'host', 'prefix', 'secretsFile', 'description'];
const APP_FIELDS = ['appId', 'secretEnv', 'secretHash', 'templates'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;


function unknownField(value: Record<string, unknown>, allowed: readonly string[], at: string): void {
  if ('secret' in value) {
    throw new ConfigError(`${at === '' ? '' : `${at}.`}secret: secrets are never read from the config file; use ${at === '' ? 'WXBRIDGE_SECRET or the secretsFile' : 'secretEnv, secretHash or the secretsFile'}`);
  }
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new ConfigError(`${at === '' ? 'the config' : at} has an unknown field "${unknown}" (expected ${allowed.join(', ')})`);
}

function checkApp(value: unknown, at: string, env: Record<string, string | undefined>, file: SecretsFile | undefined): AppOptions {
  if (!isPlainObject(value)) throw new ConfigError(`${at} must be an object {appId, secretEnv | secretHash, templates}`);
  unknownField(value, APP_FIELDS, at);
  const { appId, secretEnv, secretHash, templates } = value;
  if (typeof appId !== 'string' || appId === '') throw new ConfigError(`${at}.appId must be the app's appid, a non-empty string`);
  if (secretEnv !== undefined && (typeof secretEnv !== 'string' || !ENV_NAME.test(secretEnv))) {
    throw new ConfigError(`${at}.secretEnv must be the name of an environment variable (letters, digits, _), not ${JSON.stringify(secretEnv)}`);
  }
  if (secretHash !== undefined && (typeof secretHash !== 'string' || !/^[0-9a-fA-F]{64}$/.test(secretHash))) {
    throw new ConfigError(`${at}.secretHash must be 64 hex digits (the SHA-256 of the secret's UTF-8 bytes)`);
  }
  if (secretEnv !== undefined && secretHash !== undefined) throw new ConfigError(`${at} gives both secretEnv and secretHash; keep one`);
  const secret = appSecret(at, appId, { secretEnv, secretHash } as { secretEnv?: string; secretHash?: string }, env, file);
  // The templates' fields are the server's to check (createServer names them as apps[i].templates[j]…).
  return { appId, ...secret, ...(templates === undefined ? {} : { templates: templates as AppOptions['templates'] }) };
}

function checkPort(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65535) throw new ConfigError(`port must be a port number from 0 to 65535, not ${JSON.stringify(value)}`);
  return value as number;
}

function checkHost(value: unknown): string {
  if (value === undefined) return DEMO_HOSTNAME;
  try {
    return parseHost(typeof value === 'string' ? value : JSON.stringify(value), 'host');
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** The prefix without its trailing slash; `/` and absent are the root (`''`). */
function checkPrefix(value: unknown): string {
  if (value === undefined || value === '/' || value === '') return '';
  const text = typeof value === 'string' ? value.replace(/\/$/, '') : value;
  if (typeof text !== 'string' || !PREFIX.test(text) || text.split('/').some((s) => s === '.' || s === '..')) {
    throw new ConfigError(`prefix must be a path such as "/" or "/wx" (letters, digits, . _ ~ -), not ${JSON.stringify(value)}`);
  }
  if (text === '/openserver' || text.startsWith('/openserver/')) throw new ConfigError('prefix must not be /openserver: the server answers TCMPP\'s /openserver/ routes under its prefix already');
  return text;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? 'no such file; write one (docs/server.md shows an example) or name it with --config <file>' : (error as Error).message);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`is not valid JSON: ${(error as Error).message}`);
  }
}

/** The config file at `path`, checked, with its secrets resolved from `env` and its secrets file. */
export function loadServeConfig(path: string, env: Record<string, string | undefined>): ServeConfig {
  const file = resolve(path);
  const base = dirname(file);
  const config = readJson(file);
  if (!isPlainObject(config)) throw new ConfigError('must hold an object {"apps": [...], "store": "file:./data", …}');
  unknownField(config, TOP_FIELDS, '');
  if (config.secretsFile !== undefined && (typeof config.secretsFile !== 'string' || config.secretsFile === '')) {
    throw new ConfigError('secretsFile must be the path of a JSON file (mode 0600), relative to the config file');
  }
  const secrets = config.secretsFile === undefined ? undefined : readSecretsFile(resolve(base, config.secretsFile), config.secretsFile);
  if (!Array.isArray(config.apps) || config.apps.length === 0) throw new ConfigError('apps must be a non-empty array of {appId, secretEnv | secretHash, templates}');
  const apps = config.apps.map((app, i) => checkApp(app, `apps[${i}]`, env, secrets));
  const port = checkPort(config.port);
  return {
    apps,
    store: parseStoreSpec(config.store ?? DEFAULT_STORE, base),
    ...(port === undefined ? {} : { port }),
    host: checkHost(config.host),
    prefix: checkPrefix(config.prefix),
    secret: deploymentSecret(env, secrets),
  };
}
