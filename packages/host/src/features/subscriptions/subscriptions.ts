/**
 * Subscription templates: `requestSubscribeMessage`, and the subscription half of `getSetting`
 * (`withSubscriptions: true`), built from the choices stored here.
 *
 * The integrator keeps the registry of templates per app (`subscriptions.templates`) and draws the
 * panel (`prompts.subscribe`); the host applies the platform's rules, in this order:
 *
 * | rule                                                 | errCode | fail text                                                   |
 * | ---------------------------------------------------- | ------- | ----------------------------------------------------------- |
 * | `tmplIds` empty                                      | 10001   | `TmplIds can't be empty`                                    |
 * | more ids than `maxPerCall` (default 3)               | 20003   | `Templates count out of max bounds`                         |
 * | `templates`, `mainSwitch` or `appBanned` throws        | 10002   | `Request list fail`                                         |
 * | an id this app has no template for                   | 20001   | `No template data return, verify the template id exist`     |
 * | one-time and long-term templates mixed               | 20002   | `Templates type must be same`                               |
 * | the user's main switch off                           | 20004   | `The main switch is switched off`                           |
 * | the app banned from subscribing                      | 20005   | `This mini program was banned from subscribing messages`    |
 * | a device-message template                            | 20013   | `Reject DeviceMsg Template`                                 |
 * | the panel hook throws, storing the choices or the acceptances fails | 10003 | `Request subscribe fail`                                    |
 *
 * Then every requested id is answered: a template whose title an earlier requested one already has
 * is `filter`; a banned template is `ban`; a choice the user kept ("always keep this choice") is
 * answered from the store; the rest are shown on one panel (no panel when none is left), where
 * `'cancel'` rejects them all and `keep: true` stores each shown choice. The answers are recorded
 * for the open-platform server before the mini program gets them (`records.ts`).
 */
import type { Feature, Semantics, Services } from '../../core/feature';
import { countOption } from '../../core/options';
import type { CallContext } from '../../core/types';
import { subscriptionPanel } from './panel';
import { subscriptionRecords } from './records';
import { subscriptionRules } from './rules';
import {
  DEFAULT_MAX_TEMPLATES_PER_CALL,
  STORED,
  SUBSCRIPTION_ERRORS,
  fail,
  own,
  put,
  type SubscriptionFeatureOptions,
  type SubscriptionResult,
  type SubscriptionTemplate,
} from './types';

export function subscriptionsFeature(services: Services, options: SubscriptionFeatureOptions): Feature {
  const { decisions } = services;
  const config = options.subscriptions;
  const hook = options.prompts?.subscribe;
  if (config !== undefined && typeof config?.templates !== 'function') {
    throw new TypeError('createHost: subscriptions.templates must be a function (app) => templates');
  }
  const maxPerCall = countOption('subscriptions.maxPerCall', config?.maxPerCall, DEFAULT_MAX_TEMPLATES_PER_CALL);
  const ask = hook ? subscriptionPanel(services, hook) : undefined;

  const { requestedTemplates, checkAllowed } = subscriptionRules(services, config);
  const { record, applySettings } = subscriptionRecords(services, config);

  const requestSubscribeMessage: Semantics = {
    handler: 'none',
    ownSheet: true,
    offered: () => config !== undefined && typeof hook === 'function',
    async run(params, ctx) {
      const ids = params.tmplIds as string[];
      if (ids.length === 0) throw fail("TmplIds can't be empty", SUBSCRIPTION_ERRORS.emptyIds);
      if (ids.length > maxPerCall) throw fail('Templates count out of max bounds', SUBSCRIPTION_ERRORS.tooMany);
      const requested = await requestedTemplates(ctx, ids);
      const user = await services.userOf(ctx);
      const items = await checkAllowed(ctx, user, requested);
      const result: Record<string, SubscriptionResult> = {};
      const titles = new Set<unknown>();
      const shown: SubscriptionTemplate[] = [];
      for (const template of requested) {
        const remembered = own(items, template.id);
        if (titles.has(template.title)) put(result, template.id, 'filter');
        else if (template.banned === true) put(result, template.id, 'ban');
        else if (remembered !== undefined && STORED.includes(remembered)) put(result, template.id, remembered);
        else shown.push(template);
        titles.add(template.title);
      }
      if (shown.length > 0) {
        const choices = await ask!(ctx, user, shown);
        for (const template of shown) put(result, template.id, choices[template.id]!);
      }
      // In the order requested.
      const ordered: Record<string, SubscriptionResult> = {};
      for (const template of requested) put(ordered, template.id, result[template.id]!);
      await record(ctx, user, requested, ordered);
      return ordered;
    },
  };

  /** `getSetting({withSubscriptions: true})`: the main switch and the kept choices. */
  async function settings(ctx: CallContext, user: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (params.withSubscriptions !== true) return {};
    const d = await decisions.read(user, ctx.app.appId);
    const switchHook = config?.mainSwitch;
    const mainSwitch = switchHook ? (await switchHook(ctx.app, user)) !== false : (d.subscriptions?.mainSwitch ?? true);
    return { subscriptionsSetting: { mainSwitch, itemSettings: { ...d.subscriptions?.items } } };
  }

  return { apis: { requestSubscribeMessage }, settings, applySettings };
}
