/**
 * The rules `requestSubscribeMessage` checks before any panel, in the platform's order: the
 * template list (10002, 20001, 20002), then the user's main switch, the app's ban and device
 * messages (10002, 20004, 20005, 20013).
 */
import type { Services } from '../../core/feature';
import type { CallContext } from '../../core/types';
import { SUBSCRIPTION_ERRORS, fail, type SubscriptionOptions, type SubscriptionTemplate } from './types';

const { listFail, unknownTemplate } = SUBSCRIPTION_ERRORS;

export function subscriptionRules(services: Services, config: SubscriptionOptions | undefined) {
  const { decisions } = services;

  /** The integrator's hook, or a `Request list fail` (errCode 10002) reported to the integrator. */
  async function hookOr<T>(ctx: CallContext, read: () => T | Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      services.report(ctx, error);
      throw fail('Request list fail', listFail);
    }
  }

  /** The requested templates, once each, in the order requested (errCodes 10002, 20001, 20002). */
  async function requestedTemplates(ctx: CallContext, ids: string[]): Promise<SubscriptionTemplate[]> {
    const list: unknown = await hookOr(ctx, () => config!.templates(ctx.app));
    if (!Array.isArray(list)) {
      services.report(ctx, new TypeError('subscriptions.templates must return a list of templates'));
      throw fail('Request list fail', listFail);
    }
    const byId = new Map<string, SubscriptionTemplate>();
    for (const template of list as unknown[]) {
      const id = (template as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, template as SubscriptionTemplate);
    }
    const requested: SubscriptionTemplate[] = [];
    for (const id of new Set(ids)) {
      const template = byId.get(id);
      if (!template) throw fail('No template data return, verify the template id exist', unknownTemplate);
      requested.push(template);
    }
    if (new Set(requested.map((t) => t.kind)).size > 1) throw fail('Templates type must be same', SUBSCRIPTION_ERRORS.mixedKinds);
    return requested;
  }

  /** The user's main switch, the app's ban, device messages (errCodes 10002, 20004, 20005, 20013). */
  async function checkAllowed(ctx: CallContext, user: string, requested: SubscriptionTemplate[]) {
    const d = await decisions.read(user, ctx.app.appId);
    const mainSwitch = await hookOr(ctx, () => (config!.mainSwitch ? config!.mainSwitch(ctx.app, user) : (d.subscriptions?.mainSwitch ?? true)));
    const banned = await hookOr(ctx, () => config!.appBanned?.(ctx.app));
    if (mainSwitch === false) throw fail('The main switch is switched off', SUBSCRIPTION_ERRORS.mainSwitchOff);
    if (banned === true) throw fail('This mini program was banned from subscribing messages', SUBSCRIPTION_ERRORS.appBanned);
    if (requested.some((t) => t.deviceMessage === true)) throw fail('Reject DeviceMsg Template', SUBSCRIPTION_ERRORS.deviceMessage);
    return d.subscriptions?.items;
  }


  return { requestedTemplates, checkAllowed };
}
