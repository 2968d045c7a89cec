/**
 * The host: a registry of handlers, the connections it serves, and the
 * dispatch of each call (look up, validate, run the handler, compose).
 *
 * API names are looked up as own properties of the catalogue and in a Map of
 * handlers, so `__proto__`, `constructor` and friends are simply unknown
 * APIs. The appId of a call is always the connection's.
 */
import { EventEmitter } from 'eventemitter3';
import {
  DEFAULT_LIMITS,
  ERRNO,
  REASON,
  apiNames,
  failResult,
  lookupApi,
  validateParams,
  type HostApiName,
  type Limits,
  type RequestEnvelope,
  type Transport,
  type WxResult,
} from '@wxbridge/protocol';
import { composeReturn, composeThrow, type Outcome } from './compose';
import { Connection, type ConnectionOwner, type RunningCall } from './connection';
import type { AppIdentity, CallContext, Handler, HostEvents, HostOptions } from './types';

const ENV_VERSIONS = ['develop', 'trial', 'release'];

function checkApp(app: AppIdentity): Readonly<Required<AppIdentity>> {
  if (!app || typeof app.appId !== 'string' || app.appId.length === 0 || app.appId.length > 128) {
    throw new TypeError('host.connect: app.appId must be a non-empty string (at most 128 characters)');
  }
  const envVersion = app.envVersion ?? 'release';
  if (!ENV_VERSIONS.includes(envVersion)) {
    throw new TypeError(`host.connect: app.envVersion must be one of ${ENV_VERSIONS.join(', ')}`);
  }
  if (app.version !== undefined && typeof app.version !== 'string') {
    throw new TypeError('host.connect: app.version must be a string');
  }
  return Object.freeze({ appId: app.appId, envVersion, version: app.version ?? '' });
}

function checkLimits(given: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const value = given[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`createHost: limits.${name} must be a positive integer, not ${String(value)}`);
    }
    limits[name] = value;
  }
  return Object.freeze(limits);
}

const now = (): number => performance.now();

export class Host extends EventEmitter<HostEvents> {
  readonly name: string;
  readonly version: string;
  readonly limits: Limits;
  private readonly handlers = new Map<string, Handler<HostApiName>>();
  private readonly live = new Set<Connection>();
  private readonly owner: ConnectionOwner;

  constructor(options: HostOptions = {}) {
    super();
    this.name = options.name ?? 'wxbridge-host';
    this.version = options.version ?? '0.0.0';
    this.limits = checkLimits(options.limits);
    this.owner = {
      name: this.name,
      version: this.version,
      limits: this.limits,
      capabilities: () => this.capabilities(),
      run: (connection, request, call) => void this.run(connection, request, call),
      report: (phase, connection, error, id, api) => this.emit('error', { phase, connection, error, id, api }),
      closed: (connection, reason) => {
        if (this.live.delete(connection)) this.emit('disconnect', connection, reason);
      },
    };
  }

  /** Registers the handler of an API; returns a function that removes it. */
  handle<A extends HostApiName>(api: A, handler: Handler<A>): () => void {
    const entry = lookupApi(api);
    if (!entry || (entry.kind !== 'async' && entry.kind !== 'openType')) {
      throw new TypeError(`host.handle: ${String(api)} is not an async API or button open-type of the catalogue`);
    }
    if (typeof handler !== 'function') throw new TypeError(`host.handle: the ${api} handler must be a function`);
    this.handlers.set(api, handler as unknown as Handler<HostApiName>);
    return () => {
      if (this.handlers.get(api) === (handler as unknown)) this.handlers.delete(api);
    };
  }

  /** The APIs this host answers, in catalogue order: sync APIs, and every API with a handler. */
  capabilities(): string[] {
    return apiNames().filter((api) => lookupApi(api)!.kind === 'sync' || this.handlers.has(api));
  }

  /** Serves one mini program over `transport`. The app identity is bound here, never read from requests. */
  connect(transport: Transport, app: AppIdentity): Connection {
    if (!transport || typeof transport.send !== 'function' || typeof transport.listen !== 'function') {
      throw new TypeError('host.connect: transport must be a Transport ({send, listen})');
    }
    const connection = new Connection(this.owner, transport, checkApp(app));
    this.live.add(connection);
    this.emit('connect', connection);
    return connection;
  }

  /** The connections being served. */
  get connections(): ReadonlySet<Connection> {
    return this.live;
  }

  /** Disposes every connection: guests get a goodbye, running handlers are aborted. */
  dispose(): void {
    for (const connection of [...this.live]) connection.dispose('host disposed');
  }

  private async run(connection: Connection, request: RequestEnvelope, call: RunningCall): Promise<void> {
    const started = now();
    const { api, params } = request;
    if (this.listenerCount('call')) this.emit('call', { connection, id: call.id, api, params });
    const outcome = await this.outcome(connection, request, call);
    // A call already answered (cancelled, aborted) drops its outcome; a rejection caused by the abort is no bug.
    if (call.settled) return;
    if (outcome.error !== undefined) {
      this.emit('error', { phase: 'handler', connection, id: call.id, api, error: outcome.error });
    }
    const sent = connection.respond(call, outcome.ok, outcome.result);
    if (sent && this.listenerCount('result')) {
      const durationMs = now() - started;
      this.emit('result', { connection, id: call.id, api, params, ok: sent.ok, result: sent.result, durationMs });
    }
  }

  private async outcome(connection: Connection, request: RequestEnvelope, call: RunningCall): Promise<Outcome> {
    const { api, params } = request;
    const entry = lookupApi(api);
    const handler = entry && (entry.kind === 'async' || entry.kind === 'openType') ? this.handlers.get(api) : undefined;
    if (!entry || !handler) return fail(api, REASON.notSupported, ERRNO.notSupported);
    const problem = validateParams(entry, params);
    if (problem) return fail(api, 'parameter error: ' + problem, ERRNO.invalidParameter);
    if (entry.tap && request.tap !== true) return fail(api, REASON.tapRequired);
    const ctx: CallContext = {
      api,
      id: call.id,
      app: connection.app,
      connection,
      tap: request.tap === true,
      get signal() {
        call.controller ??= new AbortController();
        return call.controller.signal;
      },
    };
    try {
      return composeReturn(api, await handler(params as never, ctx));
    } catch (thrown) {
      return composeThrow(api, thrown);
    }
  }
}

function fail(api: string, reason: string, errno?: number): Outcome {
  const result: WxResult = failResult(api, reason, errno === undefined ? {} : { errno });
  return { ok: false, result };
}

export function createHost(options?: HostOptions): Host {
  return new Host(options);
}
