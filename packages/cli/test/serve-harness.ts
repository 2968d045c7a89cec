// `wxbridge serve` as an operator runs it, for the tests that run the real command in a child
// process: a config file in a scratch folder, the command run to its end or left serving, and
// what it printed.
import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG_FILE } from '../src/serve-args';
import { serving as startServing, type ServingCommand } from '../../tooling/test-support/serving-command';

/** The repository's `wxbridge` (its bin runs the built dist/cli.cjs). */
export const BIN = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'wxbridge');
export const SECRET = 'deployment-secret-of-the-serve-test';
export const APP = 'wxserve0000000001';
export const APP_SECRET = 'the-app-secret';
export const TEMPLATES = [
  { id: 'order-shipped', title: 'Order shipped', kind: 'one-time', keywords: ['thing1', 'time2'] },
  { id: 'service-notice', title: 'Service notice', kind: 'long-term', keywords: ['thing1'] },
];
export const baseEnv = { WXBRIDGE_SECRET: SECRET, WX_APP_SECRET: APP_SECRET };
export const baseConfig = (extra: Record<string, unknown> = {}) => ({
  apps: [{ appId: APP, secretEnv: 'WX_APP_SECRET', templates: TEMPLATES }],
  port: 0,
  ...extra,
});
const envOf = (env: Record<string, string>) => ({ PATH: process.env.PATH!, ...env });
const run = promisify(execFile);

/** Writes the config (and files beside it) into `dir`. */
export function writeConfig(dir: string, config: unknown, files: Record<string, { text: string; mode?: number }> = {}): void {
  writeFileSync(join(dir, DEFAULT_CONFIG_FILE), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  for (const [name, { text, mode = 0o600 }] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), mode);
  }
}

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** `bin serve …args` run to its end in `dir`. */
export async function serveOnce(dir: string, args: string[], env: Record<string, string> = baseEnv, bin = BIN): Promise<Finished> {
  try {
    const { stdout, stderr } = await run(bin, ['serve', ...args], { cwd: dir, env: envOf(env), timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `bin serve …args` in `dir`, once it says it serves. */
export function serving(dir: string, args: string[] = [], env: Record<string, string> = baseEnv, bin = BIN): Promise<ServingCommand> {
  return startServing(bin, ['serve', ...args], { cwd: dir, env: envOf(env) });
}

/** The base URL it printed (origin and prefix). */
export const baseOf = (server: ServingCommand) => / {2}open platform {2}(http:\/\/\S+)\n/.exec(server.stdout())![1]!;

export async function getJson(url: string): Promise<Record<string, unknown>> {
  return (await (await fetch(url)).json()) as Record<string, unknown>;
}

/** GET /sns/jscode2session for `code` with the test app's secret. */
export const redeem = (base: string, code: string) =>
  getJson(`${base}/sns/jscode2session?appid=${APP}&secret=${APP_SECRET}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`);
