/**
 * The subscription panel, through the one consent path: after waiting its turn it answers from
 * the choices kept meanwhile, shows the rest on one panel, and keeps the choices the user asked
 * to keep. A hook that throws or answers nonsense, or choices that cannot be stored, fail the call
 * with errCode 10003; a refusal of the queue keeps its reason and errno.
 */
import { WxError, wxFail } from '../../core/failure';
import type { Services } from '../../core/feature';
import type { CallContext } from '../../core/types';
import {
  STORED,
  SUBSCRIPTION_ERRORS,
  fail,
  own,
  put,
  type SubscribePromptAnswer,
  type SubscribePromptRequest,
  type SubscriptionResult,
  type SubscriptionTemplate,
} from './types';

type Hook = (request: SubscribePromptRequest) => SubscribePromptAnswer | Promise<SubscribePromptAnswer>;

interface PanelOutcome {
  choices: Record<string, SubscriptionResult>;
  /** The templates shown and chosen, to keep ("always keep this choice"). */
  keep: [string, 'accept' | 'reject'][];
  /** The hook or the store failed (reported to the integrator). */
  failed?: boolean;
}

export function subscriptionPanel(services: Services, hook: Hook) {
  const { decisions } = services;
  const kept = async (user: string, appId: string) => (await decisions.read(user, appId)).subscriptions?.items;

  /** Reads the hook's answer into choices for `still`; `undefined` when it is not an answer. */
  function read(given: unknown, still: SubscriptionTemplate[], outcome: PanelOutcome): PanelOutcome | undefined {
    if (given === 'cancel') {
      for (const t of still) put(outcome.choices, t.id, 'reject');
      return outcome;
    }
    const choices = (given as { choices?: unknown } | null)?.choices;
    if (typeof choices !== 'object' || choices === null) return undefined;
    for (const t of still) {
      const choice = own(choices as Record<string, unknown>, t.id) === 'accept' ? 'accept' : 'reject';
      put(outcome.choices, t.id, choice);
      if ((given as { keep?: unknown }).keep === true) outcome.keep.push([t.id, choice]);
    }
    return outcome;
  }

  async function show(ctx: CallContext, user: string, shown: SubscriptionTemplate[], signal: AbortSignal): Promise<PanelOutcome> {
    // Kept while this panel waited its turn (another call of the same app)? Answer those from the store.
    const items = await kept(user, ctx.app.appId);
    const outcome: PanelOutcome = { choices: {}, keep: [] };
    const still = shown.filter((t) => {
      const stored = own(items, t.id);
      if (stored !== undefined && STORED.includes(stored)) put(outcome.choices, t.id, stored);
      return stored === undefined || !STORED.includes(stored);
    });
    if (still.length === 0) return outcome;
    try {
      const given = await hook({ templates: still.map((t) => ({ ...t })), app: ctx.app, user, signal });
      const answer = read(given, still, outcome);
      if (answer) return answer;
      services.report(ctx, new TypeError("prompts.subscribe must return 'cancel' or {choices, keep}"));
    } catch (error) {
      services.report(ctx, error);
    }
    return { ...outcome, failed: true };
  }

  async function keep(ctx: CallContext, user: string, outcome: PanelOutcome): Promise<void> {
    if (outcome.failed || outcome.keep.length === 0) return;
    try {
      await decisions.update(user, ctx.app.appId, (d) => {
        const subscriptions = (d.subscriptions ??= { mainSwitch: true, items: {} });
        if (typeof subscriptions.items !== 'object' || subscriptions.items === null) subscriptions.items = {};
        for (const [id, choice] of outcome.keep) put(subscriptions.items, id, choice);
      });
    } catch (error) {
      services.report(ctx, error);
      outcome.failed = true;
    }
  }

  /** Shows the panel for `shown`; resolves with a choice per template, or fails (errCode 10003). */
  return async function ask(ctx: CallContext, user: string, shown: SubscriptionTemplate[]): Promise<Record<string, SubscriptionResult>> {
    let outcome: PanelOutcome;
    try {
      outcome = await services.consent.ask({
        ctx,
        user,
        show: (signal) => show(ctx, user, shown, signal),
        store: (answer) => keep(ctx, user, answer),
      });
    } catch (refused) {
      // The prompt queue refused (too many prompts) or the call was given up: keep its reason and errno.
      if (!WxError.is(refused)) throw refused;
      throw wxFail(refused.reason, { ...(refused.errno === undefined ? {} : { errno: refused.errno }), errCode: SUBSCRIPTION_ERRORS.subscribeFail });
    }
    if (outcome.failed) throw fail('Request subscribe fail', SUBSCRIPTION_ERRORS.subscribeFail);
    return outcome.choices;
  };
}
