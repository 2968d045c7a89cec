/**
 * The subscription feature's records for the open-platform server (`services.platform`), and the
 * subscription half of the `openSetting` page.
 *
 * After the answer of `requestSubscribeMessage` is known, and before the mini program gets it:
 * every template answered `accept` (on the panel or from a kept choice alike) is recorded: a
 * one-time template's counter `+1` (each accepted request allows one send), a long-term one's
 * record set; a long-term template answered `reject` or `ban` loses its record. A write that fails
 * fails the call (`Request subscribe fail`, errCode 10003): the mini program never hears `accept`
 * for a template its backend could not send. Records written before the failing one stay: the
 * user did accept those.
 *
 * On the `openSetting` page the user may turn the main switch (when no `mainSwitch` hook answers
 * it) and the kept choices; a long-term template turned to `reject`, or every long-term template
 * of the app when the switch is off, loses its record, so the server stops sending it. Deletes are
 * idempotent, so a page answered again after a failure revokes what the first could not.
 */
import { hasOwn, isPlainObject } from '@wxbridge/protocol';
import type { Services } from '../../core/feature';
import type { CallContext } from '../../core/types';
import { SUBSCRIPTION_ERRORS, fail, own, put, type SubscriptionOptions, type SubscriptionResult, type SubscriptionTemplate } from './types';

export function subscriptionRecords(services: Services, config: SubscriptionOptions | undefined) {
  const { decisions, platform } = services;

  /** Records the answer of each requested template; fails the call (10003) when a write fails. */
  async function record(ctx: CallContext, user: string, requested: SubscriptionTemplate[], result: Record<string, SubscriptionResult>): Promise<void> {
    const appId = ctx.app.appId;
    try {
      for (const template of requested) {
        const answer = result[template.id];
        if (answer === 'accept' && template.kind === 'long-term') await platform.acceptLongTerm(appId, user, template.id);
        else if (answer === 'accept') await platform.acceptOneTime(appId, user, template.id);
        else if ((answer === 'reject' || answer === 'ban') && template.kind === 'long-term') await platform.revokeLongTerm(appId, user, template.id);
      }
    } catch (error) {
      services.report(ctx, error);
      throw fail('Request subscribe fail', SUBSCRIPTION_ERRORS.subscribeFail);
    }
  }

  /** The long-term templates of the app's registry. */
  async function longTermIds(ctx: CallContext): Promise<string[]> {
    const list: unknown = config ? await config.templates(ctx.app) : [];
    if (!Array.isArray(list)) return [];
    return (list as (Partial<SubscriptionTemplate> | null)[])
      .filter((t) => t?.kind === 'long-term' && typeof t.id === 'string')
      .map((t) => t!.id!);
  }

  /**
   * What the user changed on the `openSetting` page (`answer.subscriptionsSetting`): the main switch
   * (ours to keep only without a `mainSwitch` hook) and the kept choices (only kept ones can change,
   * between `accept` and `reject`; a `ban` stays). Then the long-term records turned off are deleted.
   */
  async function applySettings(ctx: CallContext, user: string, answer: Record<string, unknown>): Promise<void> {
    const chosen = hasOwn.call(answer, 'subscriptionsSetting') ? answer.subscriptionsSetting : undefined;
    if (!isPlainObject(chosen)) return;
    const appId = ctx.app.appId;
    const switchedOff = config?.mainSwitch === undefined && chosen.mainSwitch === false;
    const turnedOff: string[] = [];
    await decisions.update(user, appId, (d) => {
      const subscriptions = (d.subscriptions ??= { mainSwitch: true, items: {} });
      if (!isPlainObject(subscriptions.items)) subscriptions.items = {};
      if (config?.mainSwitch === undefined && typeof chosen.mainSwitch === 'boolean') subscriptions.mainSwitch = chosen.mainSwitch;
      const items = isPlainObject(chosen.itemSettings) ? chosen.itemSettings : {};
      for (const id of Object.keys(subscriptions.items)) {
        const choice = own(items, id);
        if ((choice !== 'accept' && choice !== 'reject') || subscriptions.items[id] === 'ban') continue;
        put(subscriptions.items, id, choice);
        if (choice === 'reject') turnedOff.push(id);
      }
    });
    const revoked = new Set([...turnedOff, ...(switchedOff ? await longTermIds(ctx) : [])]);
    for (const id of revoked) await platform.revokeLongTerm(appId, user, id);
  }

  return { record, applySettings };
}
