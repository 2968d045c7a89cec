/**
 * The apps a server serves and their secrets, kept only as SHA-256 digests: a secret given in clear
 * is hashed at start and dropped. A presented secret is hashed and the two digests compared in
 * constant time, so neither the stored secret nor the time a comparison takes says where it differs.
 */
import { problemWith, sha256Fallback, sha256Text, utf8 } from '@wxbridge/store/records';
import { ApiError } from './answers';
import { equalBytes, fromHex } from './crypto';
import { isObject } from './params';
import { checkTemplates, type ServerTemplate } from './subscriptions/templates';

/** One app as `createServer` takes it: its appId and its secret, in clear or as SHA-256 hex. */
export interface AppOptions {
  appId: string;
  /** The app's secret (what a backend sends as `secret`); kept only hashed. */
  secret?: string;
  /** Or the SHA-256 of the secret's UTF-8 bytes, 64 hex digits: the server never sees the secret. */
  secretHash?: string;
  /** The app's subscription message templates (what `gettemplate` lists and `subscribe/send` checks). */
  templates?: readonly ServerTemplate[];
}

export interface App {
  readonly appId: string;
  readonly templates: readonly ServerTemplate[];
}

interface Entry extends App {
  readonly secretHash: Uint8Array;
}

function entryOf(value: unknown, at: string, seen: Set<string>): Entry {
  if (!isObject(value)) throw new TypeError(`${at} must be an object {appId, secret | secretHash}`);
  const app = value;
  const problem = problemWith(app.appId, true);
  if (problem) throw new TypeError(`${at}.appId ${problem}`);
  const appId = app.appId as string;
  if (seen.has(appId)) throw new TypeError(`${at}.appId: ${appId} is listed twice`);
  seen.add(appId);
  if ((app.secret === undefined) === (app.secretHash === undefined)) throw new TypeError(`${at} needs exactly one of secret and secretHash`);
  let secretHash: Uint8Array | undefined;
  if (app.secret !== undefined) {
    if (typeof app.secret !== 'string' || app.secret.length === 0) throw new TypeError(`${at}.secret must be a non-empty string`);
    secretHash = sha256Fallback(utf8(app.secret));
  } else {
    secretHash = typeof app.secretHash === 'string' && app.secretHash.length === 64 ? fromHex(app.secretHash) : undefined;
    if (!secretHash) throw new TypeError(`${at}.secretHash must be 64 hex digits (the SHA-256 of the secret)`);
  }
  const templates = app.templates === undefined ? [] : checkTemplates(app.templates, `${at}.templates`);
  return { appId, secretHash, templates };
}

export class Apps {
  private readonly byId = new Map<string, Entry>();

  /** `who`: the option's name in errors (e.g. `createServer: apps`). */
  constructor(apps: unknown, who: string) {
    if (!Array.isArray(apps) || apps.length === 0) throw new TypeError(`${who} must be a non-empty list of {appId, secret | secretHash}`);
    const seen = new Set<string>();
    apps.forEach((app, i) => {
      const entry = entryOf(app, `${who}[${i}]`, seen);
      this.byId.set(entry.appId, entry);
    });
  }

  /** The app with this id, if served. */
  get(appId: string): App | undefined {
    const entry = this.byId.get(appId);
    return entry && { appId: entry.appId, templates: entry.templates };
  }

  /** The app, once `secret` is its secret: else 40013 (no such app) or 40125 (another secret). */
  async authenticate(appId: string, secret: string): Promise<App> {
    const entry = this.byId.get(appId);
    if (!entry) throw new ApiError('invalidAppid', `no app ${JSON.stringify(appId)} is served here`);
    if (!equalBytes(await sha256Text(secret), entry.secretHash)) throw new ApiError('invalidAppsecret', `this is not the secret of ${appId}`);
    return { appId: entry.appId, templates: entry.templates };
  }
}
