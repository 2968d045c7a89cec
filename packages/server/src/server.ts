/**
 * `createServer(options)`: the open-platform server as a Web-standard handler. `fetch(request)`
 * answers any `Request` (Node's listener, Deno.serve, Bun.serve, a worker, a framework's route);
 * the optional second argument carries what the runtime knows of the connection (its remote
 * address, for the per-client rate limit).
 */
import { OpenIds } from '@wxbridge/store/records';
import { responseOf } from './answers';
import type { Services } from './context';
import { DIRECT, type Direct } from './direct';
import { webIncoming } from './incoming';
import { Redeemer } from './login/redeem';
import { configOf, type ConnectionInfo, type ServerOptions } from './options';
import { RateLimits } from './rate-limits';
import { dispatch } from './router';
import { AccessTokens } from './tokens/access-tokens';

export interface WxbridgeServer {
  /** Answers one request: always a JSON `Response`, never a rejection. */
  fetch(request: Request, info?: ConnectionInfo): Promise<Response>;
  /** The largest POST body accepted (`maxBodyBytes`): a listener may stop reading past it. */
  readonly maxBodyBytes: number;
}

export function createServer(options: ServerOptions): WxbridgeServer {
  const config = configOf(options);
  const services: Services = {
    config,
    store: config.store,
    clock: config.clock,
    apps: config.apps,
    limits: new RateLimits(options, config.clock),
    tokens: new AccessTokens(config.store, config.secret, config.clock),
    logins: new Redeemer(config.store, config.clock, config.codeTtlMs),
    openIds: new OpenIds(config.secret),
  };
  const direct: Direct = (incoming, info) => dispatch(incoming, info, services);
  const server: WxbridgeServer & { [DIRECT]: Direct } = {
    maxBodyBytes: config.maxBodyBytes,
    fetch: async (request, info = {}) => responseOf(await direct(webIncoming(request), info)),
    [DIRECT]: direct,
  };
  return server;
}
