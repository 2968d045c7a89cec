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
import { DecisionStore } from './decisions';
import { wxFail } from './failure';
import { createLoginSemantics } from './login-versions';
import { createPrivacy, type Privacy } from './privacy';
import { countOption } from './options';
import { PromptQueue } from './prompt-queue';
import { createBiometricSemantics } from './biometrics';
import { CustomApis, type CustomApi } from './custom-apis';
import { createOpenAbilitySemantics } from './open-abilities';
import { createScopeSemantics } from './scopes';
import { createSubscriptionSemantics } from './subscriptions';
import type { Next, Semantics, SemanticsTable, Services } from './semantics';
import { SessionService } from './sessions';
import { MemoryStore } from './store';
import type { AppIdentity, CallContext, Handler, HostEvents, HostOptions } from './types';
import { createUserInfoSemantics } from './user-info';

/** The semantics table as a Map (looked up twice per call), without the entries a table left undefined. */
const toMap = (table: SemanticsTable): Map<string, Semantics> =>
  new Map(Object.entries(table).filter((entry): entry is [string, Semantics] => entry[1] !== undefined));

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
    limits[name] = countOption(`limits.${name}`, given[name], DEFAULT_LIMITS[name]);
  }
  return Object.freeze(limits);
}

const now = (): number => performance.now();

export class Host extends EventEmitter<HostEvents> {
  readonly name: string;
  readonly version: string;
  readonly limits: Limits;
  /** The v2 login standard: a mini program backend redeems codes with `host.sessions.code2Session`. */
  readonly sessions: SessionService;
  private readonly handlers = new Map<string, Handler<HostApiName>>();
  private readonly live = new Set<Connection>();
  private readonly owner: ConnectionOwner;
  /** A Map, not the table object: looked up twice per call, and a Map has no inherited names. */
  private readonly semantics: Map<string, Semantics>;
  private readonly privacy: Privacy;
  /** One prompt queue per mini program (appId), shared by all its connections. */
  private readonly queues = new Map<string, PromptQueue>();
  private readonly customApis = new CustomApis();

  constructor(options: HostOptions = {}) {
    super();
    this.name = options.name ?? 'wxbridge-host';
    this.version = options.version ?? '0.0.0';
    this.limits = checkLimits(options.limits);
    this.sessions = options.sessions ?? new SessionService();
    const perMinute = countOption('promptsPerMinute', options.promptsPerMinute, 10);
    const maxQueuedPrompts = countOption('maxQueuedPrompts', options.maxQueuedPrompts, 5);
    const maxMessagesPerTurn = countOption('maxMessagesPerTurn', options.maxMessagesPerTurn, 4096);
    const services: Services = {
      options,
      decisions: new DecisionStore(options.store ?? new MemoryStore()),
      userOf: async (ctx) => {
        const user = await options.user?.(ctx.app);
        return typeof user === 'string' && user.length > 0 ? user : 'anonymous';
      },
      prompt: (ctx, show) => {
        let queue = this.queues.get(ctx.app.appId);
        if (!queue) this.queues.set(ctx.app.appId, (queue = new PromptQueue(perMinute, maxQueuedPrompts)));
        return queue.run(ctx.signal, show, ctx.connection);
      },
      version: (app, api) =>
        (typeof options.apiVersion === 'function' ? options.apiVersion(app, api) : options.apiVersion?.[api]) ?? 'v1',
      report: (ctx, error) => this.emit('error', { phase: 'hook', connection: ctx.connection, id: ctx.id, api: ctx.api, error }),
    };
    this.privacy = createPrivacy(services);
    this.semantics = toMap({
      ...createScopeSemantics(services),
      ...createUserInfoSemantics(services),
      ...this.privacy.semantics,
      ...createLoginSemantics(services, this.sessions),
      ...createBiometricSemantics(services),
      ...createSubscriptionSemantics(services),
      ...createOpenAbilitySemantics(services, this.sessions),
      ...this.customApis.semantics(),
    });
    this.owner = {
      name: this.name,
      version: this.version,
      limits: this.limits,
      maxMessagesPerTurn,
      capabilities: (app) => this.capabilities(app),
      interactive: () => this.customApis.names().interactive,
      run: (connection, request, call) => void this.run(connection, request, call),
      report: (phase, connection, error, id, api) => this.emit('error', { phase, connection, error, id, api }),
      closed: (connection, reason) => {
        if (this.live.delete(connection)) this.emit('disconnect', connection, reason);
      },
    };
  }

  /**
   * The integrator's listeners see what a guest sent (a call's params): one that throws must not
   * cost the call its answer nor reach the transport. Its exception goes to the `error` listeners
   * (phase `hook`); one thrown by an `error` listener itself is dropped.
   */
  override emit<E extends EventEmitter.EventNames<HostEvents>>(event: E, ...args: EventEmitter.EventArgs<HostEvents, E>): boolean {
    try {
      return super.emit(event, ...args);
    } catch (error) {
      if (event !== 'error') this.emit('error', { phase: 'hook', error });
      return true;
    }
  }

  /**
   * Registers the handler of an API; returns a function that removes it. APIs the host implements
   * entirely (authorize, getSetting, openSetting, the privacy APIs) are configured through options.
   */
  handle<A extends HostApiName>(api: A, handler: Handler<A>): () => void {
    const entry = lookupApi(api);
    if (!entry || (entry.kind !== 'async' && entry.kind !== 'openType')) {
      throw new TypeError(`host.handle: ${String(api)} is not an async API or button open-type of the catalogue`);
    }
    if (this.semanticsOf(api)?.handler === 'none') {
      const hint = api === 'invokeNativePlugin' ? 'register custom APIs with host.registerApi' : 'configure it through createHost options (prompts, store, privacy, biometrics, subscriptions)';
      throw new TypeError(`host.handle: ${api} is built into the host; ${hint}`);
    }
    if (typeof handler !== 'function') throw new TypeError(`host.handle: the ${api} handler must be a function`);
    this.handlers.set(api, handler as unknown as Handler<HostApiName>);
    return () => {
      if (this.handlers.get(api) === (handler as unknown)) this.handlers.delete(api);
    };
  }

  /**
   * Registers one of the integrator's own APIs, called as `wx.invokeNativePlugin({api_name: name, data})`.
   * A name of the catalogue (e.g. `login`) is refused unless `overrideBuiltIn` is true; then the
   * handler answers `wx.<name>` itself, with the catalogue's parameter checks and interactivity
   * (passing `params` or `interactive` for it is refused). Returns a function that removes it.
   */
  registerApi(name: string, api: CustomApi & { overrideBuiltIn?: boolean }): () => void {
    if (lookupApi(name)) {
      if (!api?.overrideBuiltIn) {
        throw new TypeError(`host.registerApi: ${name} would shadow the built-in wx.${name}; pass overrideBuiltIn: true to replace it`);
      }
      if (api.params !== undefined || api.interactive !== undefined) {
        // The catalogue describes a built-in's parameters and whether it is interactive; a silent
        // mismatch would validate one thing and run another.
        throw new TypeError(`host.registerApi: wx.${name} is built in, so its params and interactive come from the catalogue; leave them out`);
      }
      return this.handle(name as HostApiName, (params, ctx) => api.handler(params as Record<string, unknown>, ctx) as never);
    }
    return this.customApis.register(name, api);
  }

  /**
   * The catalogue APIs `host.handle` accepts (those not built into the host entirely with these
   * options), in catalogue order: what a mock or a test registers handlers for.
   */
  handlerApis(): HostApiName[] {
    return apiNames().filter((api) => {
      const kind = lookupApi(api)!.kind;
      return (kind === 'async' || kind === 'openType') && this.semanticsOf(api)?.handler !== 'none';
    }) as HostApiName[];
  }

  /** The APIs this host offers an app, in catalogue order (sync APIs, every API it answers), then custom APIs. */
  capabilities(app: AppIdentity = { appId: '-' }): string[] {
    const bound = checkApp(app);
    const builtIn = apiNames().filter((api) => lookupApi(api)!.kind === 'sync' || this.offers(bound, api));
    return [...builtIn, ...this.customApis.names().all];
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

  private semanticsOf(api: string): Semantics | undefined {
    return this.semantics.get(api);
  }

  private offers(app: Readonly<Required<AppIdentity>>, api: string): boolean {
    const semantics = this.semanticsOf(api);
    const hasHandler = this.handlers.has(api);
    return semantics ? semantics.offered(app, hasHandler) : hasHandler;
  }

  /**
   * Runs one accepted call and answers it. The checks, in order: a known API this host offers
   * (else `not supported`, errno 100), valid parameters (errno 1001), a tap where the API needs one,
   * the user's privacy agreement where the API is privacy-gated; then the platform's semantics and
   * the integrator's handler. Synchronous up to the first promise it meets: a refused call, or one
   * whose handler answers synchronously, is answered in the same task; one that waits (a handler's
   * promise, the privacy gate) costs one `then`, not a chain of awaits.
   */
  private run(connection: Connection, request: RequestEnvelope, call: RunningCall): void {
    // Timed only for `result` listeners (the clock costs ~1% of a call): a listener added while
    // the call runs does not see it.
    const started = this.listenerCount('result') ? now() : undefined;
    const { api, params } = request;
    if (this.listenerCount('call')) this.emit('call', { connection, id: call.id, api, params });
    const entry = lookupApi(api);
    let refused: Outcome | undefined;
    if (!entry || (entry.kind !== 'async' && entry.kind !== 'openType') || !this.offers(connection.app, api)) {
      refused = fail(api, REASON.notSupported, ERRNO.notSupported);
    } else {
      const problem = validateParams(entry, params);
      if (problem) refused = fail(api, 'parameter error: ' + problem, ERRNO.invalidParameter);
      else if (entry.tap && request.tap !== true) refused = fail(api, REASON.tapRequired);
    }
    if (refused) return this.answer(connection, request, call, refused, started);
    const ctx = new Context(api, call, connection, request.tap === true);
    let value: unknown;
    try {
      value = entry!.privacy
        ? this.privacy.gate(api, ctx).then(() => this.perform(api, params, ctx))
        : this.perform(api, params, ctx);
    } catch (thrown) {
      return this.answer(connection, request, call, composeThrow(api, thrown), started);
    }
    if (!isThenable(value)) return this.answer(connection, request, call, compose(api, value), started);
    // Closures only for a call that waits.
    Promise.resolve(value).then(
      (settled) => this.answer(connection, request, call, compose(api, settled), started),
      (thrown: unknown) => this.answer(connection, request, call, composeThrow(api, thrown), started),
    );
  }

  private answer(connection: Connection, request: RequestEnvelope, call: RunningCall, outcome: Outcome, started?: number): void {
    // A call already answered (cancelled, aborted) drops its outcome; a rejection caused by the abort is no bug.
    if (call.settled) return;
    const { api, params } = request;
    if (outcome.error !== undefined) {
      this.emit('error', { phase: 'handler', connection, id: call.id, api, error: outcome.error });
    }
    const sent = connection.respond(call, outcome.ok, outcome.result);
    if (sent && started !== undefined && this.listenerCount('result')) {
      const durationMs = now() - started;
      this.emit('result', { connection, id: call.id, api, params, ok: sent.ok, result: sent.result, durationMs });
    }
  }

  /** The API's semantics, or its handler alone; what they return (a value, a promise) or throw. */
  private perform(api: string, params: Record<string, unknown>, ctx: CallContext): unknown {
    const semantics = this.semanticsOf(api);
    if (!semantics) return this.callHandler(api, params, ctx);
    const next: Next = (adjusted) => this.callHandler(api, adjusted, ctx);
    return semantics.run(params, ctx, next);
  }

  private callHandler(api: string, params: Record<string, unknown>, ctx: CallContext): unknown {
    const handler = this.handlers.get(api);
    if (!handler) throw wxFail(REASON.notSupported, { errno: ERRNO.notSupported });
    return handler(params as never, ctx);
  }
}

const CALL = Symbol('call');

/**
 * What a handler sees of its call. A class, not an object literal with a getter: one is made per
 * call, and the literal's accessor costs more than the rest of the dispatch.
 */
class Context implements CallContext {
  // Assigned in the constructor, not declared as class fields: the es2020 build would define each one.
  declare readonly api: string;
  declare readonly id: number;
  declare readonly app: Readonly<Required<AppIdentity>>;
  declare readonly connection: Connection;
  declare readonly tap: boolean;
  /** Symbol-keyed: not among the fields a handler lists. */
  declare private readonly [CALL]: RunningCall;

  constructor(api: string, call: RunningCall, connection: Connection, tap: boolean) {
    this.api = api;
    this.id = call.id;
    this.app = connection.app;
    this.connection = connection;
    this.tap = tap;
    this[CALL] = call;
  }

  /** Made on first use: most handlers never read it. */
  get signal(): AbortSignal {
    const call = this[CALL];
    call.controller ??= new AbortController();
    return call.controller.signal;
  }
}

/** What the handler (or the semantics) returned, composed; a value that cannot be is an internal error. */
function compose(api: string, value: unknown): Outcome {
  try {
    return composeReturn(api, value);
  } catch (thrown) {
    return composeThrow(api, thrown);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function fail(api: string, reason: string, errno?: number): Outcome {
  const result: WxResult = failResult(api, reason, errno === undefined ? {} : { errno });
  return { ok: false, result };
}

export function createHost(options?: HostOptions): Host {
  return new Host(options);
}
