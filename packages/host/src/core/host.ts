/**
 * The host: a registry of handlers, the features that give the platform's rules, and the
 * connections it serves. Each accepted call goes from its connection through the gate
 * (`gate.ts`) and back; the host only builds the table the gate reads.
 *
 * API names are looked up as own properties of the catalogue and in Maps, so `__proto__`,
 * `constructor` and friends are simply unknown APIs. The appId of a call is always the connection's.
 */
import { EventEmitter } from 'eventemitter3';
import { apiNames, lookupApi, type HostApiName, type Limits, type RequestEnvelope, type Transport } from '@wxbridge/protocol';
import { DEFAULT_FEATURES } from '../features';
import type { CustomApi } from '../features/custom-apis';
import type { HostOptions } from '../options';
import { checkApp, type App, type AppIdentity } from './app';
import { Connection, type ConnectionOwner } from './connection';
import { GATE_STEPS, type ApiRegistry, type Feature, type FeatureFactory, type GateStep, type GateStepName, type Semantics } from './feature';
import { Gate } from './gate';
import { checkLimits, countOption } from './options';
import { createServices } from './services';
import type { SessionService } from '../store/sessions';
import type { Handler, HostEvents } from './types';


export class Host extends EventEmitter<HostEvents> {
  readonly name: string;
  readonly version: string;
  readonly limits: Limits;
  /** The v2 login standard: codes and sessions, in the store the open-platform server redeems codes from. */
  readonly sessions: SessionService;
  private readonly handlers = new Map<string, Handler<never>>();
  private readonly live = new Set<Connection>();
  private readonly owner: ConnectionOwner;
  /** A Map, not the table object: looked up on every call, and a Map has no inherited names. */
  private readonly semantics = new Map<string, Semantics>();
  private readonly features: Feature[] = [];
  private readonly registry: ApiRegistry<CustomApi> | undefined;

  constructor(options: HostOptions = {}, features: readonly FeatureFactory<HostOptions>[] = DEFAULT_FEATURES) {
    super();
    this.name = options.name ?? 'wxbridge-host';
    this.version = options.version ?? '0.0.0';
    this.limits = checkLimits(options.limits);
    const maxMessagesPerTurn = countOption('maxMessagesPerTurn', options.maxMessagesPerTurn, 4096);
    const maxBytesPerSecond = countOption('maxBytesPerSecond', options.maxBytesPerSecond, 2 * this.limits.maxMessageBytes);
    const maxBatch = countOption('maxBatch', options.maxBatch, 64);
    const services = createServices(options, {
      report: (ctx, error) => this.emit('error', { phase: 'hook', connection: ctx.connection, id: ctx.id, api: ctx.api, error }),
      features: () => this.features,
    });
    this.sessions = services.sessions;
    const steps: Partial<Record<GateStepName, GateStep>> = {};
    for (const make of features) {
      const feature = make(services, options);
      this.features.push(feature);
      for (const [api, semantics] of Object.entries(feature.apis ?? {})) if (semantics) this.semantics.set(api, semantics);
      for (const name of GATE_STEPS) if (feature.gates?.[name]) steps[name] = feature.gates[name];
    }
    this.registry = this.features.find((feature) => feature.registry)?.registry;
    const gate = new Gate({ semantics: this.semantics, handlers: this.handlers, steps, offers: (c, api) => this.offers(c.app, api) }, services);
    this.owner = this.connectionOwner(gate, { maxMessagesPerTurn, maxBytesPerSecond, maxBatch });
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
    const semantics = this.semantics.get(api);
    if (semantics?.handler === 'none') {
      const hint = semantics.configureWith ?? 'configure it through createHost options (prompts, store, privacy, biometrics, subscriptions)';
      throw new TypeError(`host.handle: ${api} is built into the host; ${hint}`);
    }
    if (typeof handler !== 'function') throw new TypeError(`host.handle: the ${api} handler must be a function`);
    this.handlers.set(api, handler as unknown as Handler<never>);
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
    if (!this.registry) throw new TypeError('host.registerApi: this host has no custom-APIs feature');
    return this.registry.register(name, api);
  }

  /**
   * The catalogue APIs `host.handle` accepts (those not built into the host entirely with these
   * options), in catalogue order: what a mock or a test registers handlers for.
   */
  handlerApis(): HostApiName[] {
    return apiNames().filter((api) => {
      const kind = lookupApi(api)!.kind;
      return (kind === 'async' || kind === 'openType') && this.semantics.get(api)?.handler !== 'none';
    }) as HostApiName[];
  }

  /** The APIs this host offers an app, in catalogue order (sync APIs, every API it answers), then custom APIs. */
  capabilities(app: AppIdentity = { appId: '-' }): string[] {
    const bound = checkApp(app);
    const builtIn = apiNames().filter((api) => lookupApi(api)!.kind === 'sync' || this.offers(bound, api));
    return [...builtIn, ...(this.registry?.names().all ?? [])];
  }

  /**
   * Serves one mini program over `transport`. The app identity is bound here, never read from
   * requests. A transport that names its origins (frames, webviews) may not share one with a
   * connection of another app: pages of one origin can script each other.
   */
  connect(transport: Transport, app: AppIdentity): Connection {
    if (!transport || typeof transport.send !== 'function' || typeof transport.listen !== 'function') {
      throw new TypeError('host.connect: transport must be a Transport ({send, listen})');
    }
    const bound = checkApp(app);
    const origins = transport.origins ?? [];
    for (const live of this.live) {
      const shared = live.app.appId !== bound.appId && live.origins.find((origin) => origins.includes(origin));
      if (shared) {
        // Pages of one origin can reach each other's windows: two apps there would act as each other.
        throw new TypeError(
          `host.connect: ${shared} already serves mini program ${live.app.appId}; one origin serves one mini program, so serve ${bound.appId} from its own origin (e.g. https://${bound.appId}.apps.example)`,
        );
      }
    }
    const connection = new Connection(this.owner, transport, bound, origins);
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

  private offers(app: App, api: string): boolean {
    const semantics = this.semantics.get(api);
    const hasHandler = this.handlers.has(api);
    return semantics ? semantics.offered(app, hasHandler) : hasHandler;
  }

  /** What a connection needs of its host: the welcome's contents, the gate, and the events. */
  private connectionOwner(gate: Gate, bounds: { maxMessagesPerTurn: number; maxBytesPerSecond: number; maxBatch: number }): ConnectionOwner {
    return {
      ...bounds,
      name: this.name,
      version: this.version,
      limits: this.limits,
      capabilities: (app) => this.capabilities(app),
      interactive: () => this.registry?.names().interactive ?? [],
      dispatch: (connection: Connection, request: RequestEnvelope, call) => {
        if (this.listenerCount('call')) this.emit('call', { connection, id: call.id, api: request.api, params: request.params });
        return gate.dispatch(connection, request, call);
      },
      // Timed only for `result` listeners (the clock costs ~1% of a call).
      timed: () => this.listenerCount('result') > 0,
      answered: (connection, request, sent, started) => {
        if (started === undefined || !this.listenerCount('result')) return;
        const { api, params } = request;
        const durationMs = performance.now() - started;
        this.emit('result', { connection, id: request.id, api, params, ok: sent.ok, result: sent.result, durationMs });
      },
      report: (phase, connection, error, id, api) => this.emit('error', { phase, connection, error, id, api }),
      closed: (connection, reason) => {
        if (this.live.delete(connection)) this.emit('disconnect', connection, reason);
      },
    };
  }
}

export function createHost(options?: HostOptions): Host {
  return new Host(options);
}
