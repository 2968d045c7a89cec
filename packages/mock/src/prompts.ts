/**
 * The host's prompt hooks, answered by the settings instead of a user:
 * `success` agrees, `deny` refuses, `timeout` never answers, `error` (and
 * `cancel`) fail the call. A `deny` with its own errno/errCode/reason/data
 * fails with those instead of the host's refusal. `ask` shows the
 * integrator's own dialog (`MockHostOptions.dialogs`) and reports its answer.
 */
import type { HostPrompts, PromptRequest, SubscribeChoice, SubscribePromptAnswer, SubscriptionOptions } from '@wxbridge/host';
import { isPlainObject } from '@wxbridge/protocol';
import { askDialog, type MockDialogs } from './dialogs';
import { mockFailure, overridesFailure } from './failures';
import type { PendingWaits } from './pending';
import type { MockApi } from './presets';
import { MOCK_SUBSCRIPTION_TEMPLATES } from './samples';
import type { MockSetting } from './settings';

export interface PromptDeps {
  setting(api: MockApi): Promise<MockSetting>;
  waits: PendingWaits;
  dialogs?: MockDialogs;
}

/** The API's setting, answered by `answer` after its latency (undefined after a `timeout` or a give-up). */
async function settle<T>(
  api: MockApi,
  signal: AbortSignal,
  deps: PromptDeps,
  answer: (setting: MockSetting) => T | Promise<T>,
): Promise<T | undefined> {
  return deps.waits.settle(await deps.setting(api), signal, answer);
}

type ConsentDialog<R> = (request: R) => boolean | Promise<boolean>;

/** A yes/no prompt; `ask` shows `dialog()` (looked up at call time, so a missing one fails clearly). */
function consent<R extends PromptRequest>(api: MockApi, deps: PromptDeps, dialog: () => ConsentDialog<R>) {
  return async (request: R): Promise<boolean> =>
    (await settle(api, request.signal, deps, (setting) => {
      if (setting.preset === 'ask') return dialog()(request);
      if (setting.preset === 'success') return true;
      if (setting.preset === 'deny' && !overridesFailure(setting)) return false;
      throw mockFailure(api, setting);
    })) === true;
}

/** `data` entries that are booleans, by scope (openSetting's override of the state shown). */
function booleans(data: Record<string, unknown> | undefined): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(data ?? {})) if (typeof value === 'boolean') out[key] = value;
  return out;
}

export function createMockPrompts(deps: PromptDeps): HostPrompts {
  return {
    authorize: consent('authorize', deps, () => askDialog(deps.dialogs, 'authorize')),
    userProfile: consent('getUserProfile', deps, () => askDialog(deps.dialogs, 'getUserProfile')),
    privacy: consent('privacy', deps, () => askDialog(deps.dialogs, 'privacy')),
    settings: async (request) =>
      (await settle('openSetting', request.signal, deps, (setting) => {
        if (setting.preset === 'ask') return askDialog(deps.dialogs, 'openSetting')(request);
        const { authSetting } = request;
        if (setting.preset !== 'success' && setting.preset !== 'deny') throw mockFailure('openSetting', setting);
        const state = Object.fromEntries(Object.keys(authSetting).map((scope) => [scope, setting.preset === 'success']));
        const scopes = { ...state, ...booleans(setting.data) };
        // `data.subscriptionsSetting` turns subscriptions on the page: {"mainSwitch": false} or {"itemSettings": {id: "reject"}}.
        const subscriptions = setting.data?.subscriptionsSetting;
        return isPlainObject(subscriptions) ? { authSetting: scopes, subscriptionsSetting: subscriptions } : scopes;
      })) ?? request.authSetting,
    subscribe: async (request) =>
      (await settle('requestSubscribeMessage', request.signal, deps, (setting): SubscribePromptAnswer | Promise<SubscribePromptAnswer> => {
        if (setting.preset === 'ask') return askDialog(deps.dialogs, 'requestSubscribeMessage')(request);
        if (setting.preset === 'cancel') return 'cancel';
        if (setting.preset !== 'success' && setting.preset !== 'deny') {
          // The host answers any failing panel with its own `Request subscribe fail` (errCode 10003).
          throw mockFailure('requestSubscribeMessage', setting);
        }
        const choice: SubscribeChoice = setting.preset === 'success' ? 'accept' : 'reject';
        const choices: Record<string, SubscribeChoice> = Object.fromEntries(request.templates.map((t) => [t.id, choice]));
        // `data` chooses per template id: {"mock-tmpl-reminder": "reject"}.
        for (const [id, value] of Object.entries(setting.data ?? {})) {
          if (Object.prototype.hasOwnProperty.call(choices, id) && (value === 'accept' || value === 'reject')) choices[id] = value;
        }
        return { choices };
      })) ?? 'cancel',
  };
}

/** The mock app's template registry (every app gets the same templates). */
export function createMockSubscriptions(): SubscriptionOptions {
  return { templates: () => MOCK_SUBSCRIPTION_TEMPLATES.map((t) => ({ ...t })) };
}
