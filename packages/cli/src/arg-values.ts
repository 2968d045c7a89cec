/**
 * The pieces every `wxbridge` command line shares: the error a mistake throws, and the readers of
 * `--name value` / `--name=value`, ports and listening addresses. Each names the option it read and
 * what was expected.
 */
import { isIP } from 'node:net';
import { DEMO_HOSTNAME } from './site-server';

/** A command line (or a config) that cannot be run; `wxbridge` prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A port from 0 to `max` (0: any free port), or a `UsageError` naming `from`. */
export function parsePort(text: string | undefined, from: string, max = 65534): number {
  const port = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(port) || port < 0 || port > max) {
    throw new UsageError(`${from} must be a port number from 0 to ${max}, not ${JSON.stringify(text ?? '')}`);
  }
  return port;
}

/** `PORT` from the environment, the same for every command: absent or empty is `undefined`. */
export function envPort(env: Record<string, string | undefined>, max?: number): number | undefined {
  return env.PORT === undefined || env.PORT === '' ? undefined : parsePort(env.PORT, 'PORT', max);
}

/** An IP address of this machine (or `localhost`) to listen on, or a `UsageError` naming `from`. */
export function parseHost(text: string | undefined, from = '--host'): string {
  if (text === undefined || (isIP(text) === 0 && text !== 'localhost')) {
    throw new UsageError(`${from} must be an IP address of this machine (${DEMO_HOSTNAME}, ::1, 0.0.0.0 for every interface, …), not ${JSON.stringify(text ?? '')}`);
  }
  return text;
}

/** `--name value` or `--name=value`: the value, and how many arguments it took. */
export function optionValue(rest: readonly string[], i: number, name: string): [string | undefined, number] | undefined {
  const arg = rest[i]!;
  if (arg === name) return [rest[i + 1], 2];
  if (arg.startsWith(name + '=')) return [arg.slice(name.length + 1), 1];
  return undefined;
}

/** A path option's value: present and not another option. */
export function parsePath(text: string | undefined, from: string, example: string): string {
  if (text === undefined || text === '' || text.startsWith('-')) throw new UsageError(`${from} needs a path, e.g. ${from} ${example}`);
  return text;
}
