/**
 * Where `wxbridge serve` takes its secrets from, never the config file in clear: the deployment
 * secret (openid HMACs and access tokens, the one the host's `SessionService` has) from
 * `WXBRIDGE_SECRET` or the secrets file's `"secret"`; each app's secret from the environment
 * variable its `secretEnv` names, or the secrets file's `"apps": {"<appId>": "<secret>"}`, unless the
 * app gives `secretHash` (SHA-256 hex: the server never sees the secret). A secrets file must be
 * readable by its owner only (mode 0600), or the command refuses it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { ConfigError } from './config-error';
import { isPlainObject } from '@wxbridge/protocol';

/** The environment variable the deployment secret is read from. */
export const SECRET_ENV = 'WXBRIDGE_SECRET';

/** The shortest deployment secret accepted: it keys the openids and every access token. */
export const MIN_SECRET_LENGTH = 16;

/** What a secrets file holds. */
export interface SecretsFile {
  secret?: string;
  apps: Record<string, string>;
}

/** A file that holds a secret: present, and (where modes mean something) readable by its owner only. */
export function checkPrivateFile(path: string, shown: string, what: string): void {
  if (!existsSync(path)) throw new ConfigError(`${what} ${shown} does not exist`);
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new ConfigError(`${what} ${shown} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}); it holds secrets: chmod 600 ${shown}`);
  }
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Reads and checks the secrets file at `path` (shown as `shown`). */
export function readSecretsFile(path: string, shown: string): SecretsFile {
  checkPrivateFile(path, shown, 'secretsFile');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`secretsFile ${shown} is not valid JSON: ${(error as Error).message}`);
  }
  const at = `secretsFile ${shown}`;
  if (!isPlainObject(parsed)) throw new ConfigError(`${at} must hold an object {"secret": "…", "apps": {"<appId>": "…"}}`);
  const { secret, apps = {}, ...rest } = parsed as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new ConfigError(`${at} has an unknown field "${unknown}" (expected secret, apps)`);
  if (secret !== undefined && !nonEmptyString(secret)) throw new ConfigError(`${at}: secret must be a non-empty string`);
  if (!isPlainObject(apps)) throw new ConfigError(`${at}: apps must be an object {"<appId>": "<secret>"}`);
  for (const [appId, value] of Object.entries(apps)) {
    if (!nonEmptyString(value)) throw new ConfigError(`${at}: apps["${appId}"] must be a non-empty string (the app's secret)`);
  }
  return { ...(secret === undefined ? {} : { secret }), apps: apps as Record<string, string> };
}

/** The deployment secret: `WXBRIDGE_SECRET`, else the secrets file's `secret`. */
export function deploymentSecret(env: Record<string, string | undefined>, file: SecretsFile | undefined): string {
  const secret = nonEmptyString(env[SECRET_ENV]) ? env[SECRET_ENV] : file?.secret;
  if (secret === undefined) {
    throw new ConfigError(
      `the deployment secret is missing: set ${SECRET_ENV} (the same secret the host's SessionService has), or put "secret" in the secretsFile`,
    );
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`the deployment secret must be at least ${MIN_SECRET_LENGTH} characters (it keys openids and access tokens); e.g. openssl rand -base64 32`);
  }
  return secret;
}

/** An app's entry as the server takes it: its secret in clear (kept hashed by the server) or its hash. */
export type AppSecret = { secret: string } | { secretHash: string };

/**
 * The secret of app `appId` (at `at` in the config): `secretHash` as given, the environment variable
 * `secretEnv` names, else the secrets file's entry.
 */
export function appSecret(
  at: string,
  appId: string,
  app: { secretEnv?: string; secretHash?: string },
  env: Record<string, string | undefined>,
  file: SecretsFile | undefined,
): AppSecret {
  if (app.secretHash !== undefined) return { secretHash: app.secretHash };
  if (app.secretEnv !== undefined) {
    const value = env[app.secretEnv];
    if (!nonEmptyString(value)) throw new ConfigError(`${at}.secretEnv: the environment variable ${app.secretEnv} is not set (it holds the secret of ${appId})`);
    return { secret: value };
  }
  const fromFile = file?.apps[appId];
  if (fromFile !== undefined) return { secret: fromFile };
  throw new ConfigError(
    `${at} (${appId}) has no secret: give "secretEnv" (the name of an environment variable holding it), "secretHash" (its SHA-256 in hex), ` +
      `or put it in the secretsFile under "apps": {"${appId}": "…"}`,
  );
}
