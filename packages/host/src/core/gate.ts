/**
 * The gate: every call passes it, in this order, before any feature code or handler runs:
 *
 * 1. a known API this host offers the app (else `not supported`, errno 100);
 * 2. valid parameters (errno 1001);
 * 3. `tap`: inside a user tap where the catalogue says so;
 * 4. `privacy`: the user agreed to the privacy guideline, where the catalogue says so;
 * 5. `scope`: the user granted the scope the catalogue names (asked once, through the consent path);
 * 6. the API's semantics (its feature), and the integrator's handler, which for a `sheet` API
 *    the feature does not show itself runs in the consent path (queue, rate limit, abort).
 *
 * Synchronous up to the first promise it meets: a refused call, or one whose handler answers
 * synchronously, is answered in the same task; one that waits costs one `then`, not a chain.
 * The answer is an `Outcome`; the connection sends it.
 */
import { ERRNO, REASON, failResult, lookupApi, validateParams, type ApiEntry, type RequestEnvelope } from '@wxbridge/protocol';
import { composeReturn, composeThrow, isThenable, type Outcome } from './compose';
import type { Connection, RunningCall } from './connection';
import { Context } from './context';
import { wxFail } from './failure';
import type { GateStep, GateStepName, Next, Semantics, Services } from './feature';
import type { CallContext, Handler } from './types';

export interface GateTable {
  readonly semantics: ReadonlyMap<string, Semantics>;
  readonly handlers: ReadonlyMap<string, Handler<never>>;
  readonly steps: Partial<Record<GateStepName, GateStep>>;
  offers(connection: Connection, api: string): boolean;
}

export class Gate {
  constructor(
    private readonly table: GateTable,
    private readonly services: Services,
  ) {}

  /** Runs one accepted call: its outcome, now or later (the promise never rejects). */
  dispatch(connection: Connection, request: RequestEnvelope, call: RunningCall): Outcome | Promise<Outcome> {
    const { api, params } = request;
    const entry = lookupApi(api);
    if (!entry || (entry.kind !== 'async' && entry.kind !== 'openType') || !this.table.offers(connection, api)) {
      return refuse(api, REASON.notSupported, ERRNO.notSupported);
    }
    const problem = validateParams(entry, params);
    if (problem) return refuse(api, 'parameter error: ' + problem, ERRNO.invalidParameter);
    if (entry.tap && request.tap !== true) return refuse(api, REASON.tapRequired);
    const ctx = new Context(api, call, connection, request.tap === true);
    const semantics = this.table.semantics.get(api);
    let value: unknown;
    try {
      value = entry.privacy || entry.scope ? this.gated(entry, semantics, params, ctx) : this.perform(entry, semantics, params, ctx);
    } catch (thrown) {
      return composeThrow(api, thrown);
    }
    if (!isThenable(value)) return compose(api, value);
    return Promise.resolve(value).then(
      (settled) => compose(api, settled),
      (thrown: unknown) => composeThrow(api, thrown),
    );
  }

  /** Steps 4 and 5, then the call. */
  private async gated(entry: ApiEntry, semantics: Semantics | undefined, params: Record<string, unknown>, ctx: CallContext): Promise<unknown> {
    if (entry.privacy) await this.step('privacy')(entry, ctx, semantics);
    if (entry.scope && !semantics?.scopeExempt) await this.step('scope')(entry, ctx, semantics);
    return this.perform(entry, semantics, params, ctx);
  }

  /** A step no feature provides refuses the call: a gate the catalogue asks for is never skipped. */
  private step(name: GateStepName): GateStep {
    return this.table.steps[name] ?? (() => Promise.reject(wxFail(REASON.notSupported, { errno: ERRNO.notSupported })));
  }

  /** The API's semantics, or its handler alone; what they return (a value, a promise) or throw. */
  private perform(entry: ApiEntry, semantics: Semantics | undefined, params: Record<string, unknown>, ctx: CallContext): unknown {
    const handler: Next = (adjusted) => this.callHandler(adjusted, ctx);
    const next: Next = entry.sheet && !semantics?.ownSheet ? (adjusted) => this.asSheet(ctx, () => handler(adjusted)) : handler;
    return semantics ? semantics.run(params, ctx, next) : next(params);
  }

  /** The handler is the sheet (payment, the open-type sheets): it runs in the consent path. */
  private async asSheet(ctx: CallContext, show: () => unknown): Promise<unknown> {
    const user = await this.services.userOf(ctx);
    return this.services.consent.ask({ ctx, user, show });
  }

  private callHandler(params: Record<string, unknown>, ctx: CallContext): unknown {
    const handler = this.table.handlers.get(ctx.api);
    if (!handler) throw wxFail(REASON.notSupported, { errno: ERRNO.notSupported });
    return (handler as Handler<never> as (params: unknown, ctx: CallContext) => unknown)(params, ctx);
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

function refuse(api: string, reason: string, errno?: number): Outcome {
  return { ok: false, result: failResult(api, reason, errno === undefined ? {} : { errno }) };
}
