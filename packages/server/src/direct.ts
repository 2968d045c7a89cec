/**
 * The server's entry for its own Node listener: the request as an `Incoming`, the answer as an
 * `Answer`, with no Web `Request` or `Response` made in between (making and reading them cost the
 * listener more than the rest of a `/health` answer). Any `{fetch, maxBodyBytes}` still works with
 * the listener; one without this entry is served through `fetch`. The key is a registered symbol,
 * so the CommonJS bundles of `.` and `./node` (each with its own copy of this module) agree on it.
 */
import type { Answer } from './answers';
import type { Incoming } from './incoming';
import type { ConnectionInfo } from './options';

export const DIRECT: unique symbol = Symbol.for('wxbridge.server.direct') as never;

export type Direct = (incoming: Incoming, info: ConnectionInfo) => Promise<Answer>;

/** The server's direct entry, if it has one. */
export function directOf(server: object): Direct | undefined {
  const direct = (server as { [DIRECT]?: unknown })[DIRECT];
  return typeof direct === 'function' ? (direct as Direct) : undefined;
}
