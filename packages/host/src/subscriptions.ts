/**
 * Subscription templates: `requestSubscribeMessage` (the subscription half of `getSetting`, built
 * from the choices stored here, is answered in scopes.ts).
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
 * | the panel hook throws, or storing the choices fails  | 10003   | `Request subscribe fail`                                    |
 *
 * Then every requested id is answered: a template whose title an earlier requested one already has
 * is `filter`; a banned template is `ban`; a choice the user kept ("always keep this choice") is
 * answered from the store; the rest are shown on one panel (no panel when none is left), where
 * `'cancel'` rejects them all and `keep: true` stores each shown choice.
 */
import { ERRNO, hasOwn } from '@wxbridge/protocol';
import { WxError, wxFail } from './failure';
import { countOption, type App } from './options';
import type { Semantics, SemanticsTable, Services } from './semantics';
import type { CallContext } from './types';

export type SubscriptionKind = 'one-time' | 'long-term';

/** One message template of the integrator's registry. */
export interface SubscriptionTemplate {
  id: string;
  /** Shown on the panel; requested templates sharing a title are shown once (the rest: `filter`). */
  title: string;
  kind: SubscriptionKind;
  /** Banned by the platform: answered `ban`, never shown. */
  banned?: boolean;
  /** A device message template: refused (errCode 20013). */
  deviceMessage?: boolean;
}

export interface SubscriptionOptions {
  /** The app's templates. Throwing fails the call with `Request list fail` (errCode 10002). */
  templates(app: App): readonly SubscriptionTemplate[] | Promise<readonly SubscriptionTemplate[]>;
  /** Template ids one call may request. Default 3, as the platform docs say (WeChat itself allows 5). */
  maxPerCall?: number;
  /** The user's main switch for this app's messages. Default: the stored decision (`true` until set). */
  mainSwitch?(app: App, user: string): boolean | Promise<boolean>;
  /** Whether this app is banned from subscribing messages. Default: never. */
  appBanned?(app: App): boolean | Promise<boolean>;
}

/** What `prompts.subscribe` is asked to show (with `app`, `user` and `signal`). */
export interface SubscribePromptRequest {
  /** The templates on the panel, in the order requested (banned, filtered and kept ones are not shown). */
  templates: SubscriptionTemplate[];
}

export type SubscribeChoice = 'accept' | 'reject';

/**
 * The user's answer: a choice per shown template (a template left out counts as `reject`), and
 * whether to keep the choices ("always keep this choice"); or `'cancel'`: every shown template rejected.
 */
export type SubscribePromptAnswer = { choices: Record<string, SubscribeChoice>; keep?: boolean } | 'cancel';

/** What the mini program receives per requested template id. */
export type SubscriptionResult = 'accept' | 'reject' | 'ban' | 'filter';

/** The errCodes of `requestSubscribeMessage:fail …`. */
export const SUBSCRIPTION_ERRORS = {
  emptyIds: 10001,
  listFail: 10002,
  subscribeFail: 10003,
  unknownTemplate: 20001,
  mixedKinds: 20002,
  tooMany: 20003,
  mainSwitchOff: 20004,
  appBanned: 20005,
  deviceMessage: 20013,
} as const;

export const DEFAULT_MAX_TEMPLATES_PER_CALL = 3;

const STORED = ['accept', 'reject', 'ban'];

function fail(text: string, errCode: number): WxError {
  return wxFail(text, { errCode });
}

/** Sets a key as an own property, even `__proto__`. */
function put<V>(target: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function own<V>(record: Record<string, V> | undefined, key: string): V | undefined {
  return record && hasOwn.call(record, key) ? record[key] : undefined;
}

type Answer = { choices: Record<string, SubscriptionResult>; keep: boolean };

export function createSubscriptionSemantics(services: Services): SemanticsTable {
  const { options, decisions } = services;
  const config = options.subscriptions;
  const hook = options.prompts?.subscribe;
  if (config !== undefined) {
    if (typeof config?.templates !== 'function') {
      throw new TypeError('createHost: subscriptions.templates must be a function (app) => templates');
    }
  }
  const maxPerCall = countOption('subscriptions.maxPerCall', config?.maxPerCall, DEFAULT_MAX_TEMPLATES_PER_CALL);

  async function registry(ctx: CallContext): Promise<Map<string, SubscriptionTemplate>> {
    let list: unknown;
    try {
      list = await config!.templates(ctx.app);
    } catch (error) {
      services.report(ctx, error);
      throw fail('Request list fail', SUBSCRIPTION_ERRORS.listFail);
    }
    if (!Array.isArray(list)) {
      services.report(ctx, new TypeError('subscriptions.templates must return a list of templates'));
      throw fail('Request list fail', SUBSCRIPTION_ERRORS.listFail);
    }
    const byId = new Map<string, SubscriptionTemplate>();
    for (const template of list as unknown[]) {
      const id = (template as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, template as SubscriptionTemplate);
    }
    return byId;
  }

  async function kept(user: string, appId: string): Promise<Record<string, 'accept' | 'reject' | 'ban'> | undefined> {
    return (await decisions.read(user, appId)).subscriptions?.items;
  }

  /** Shows the panel in the app's prompt queue; resolves with the choices, or throws errCode 10003. */
  async function ask(ctx: CallContext, user: string, shown: SubscriptionTemplate[]): Promise<Answer> {
    let outcome: { answer: Answer } | { thrown: true };
    try {
      outcome = await services.prompt(ctx, async () => {
        // Kept while this panel waited its turn (another call of the same app)? Answer those from the store.
        const items = await kept(user, ctx.app.appId);
        const answer: Answer = { choices: {}, keep: false };
        const still = shown.filter((t) => {
          const stored = own(items, t.id);
          if (stored !== undefined && STORED.includes(stored)) put(answer.choices, t.id, stored);
          return stored === undefined || !STORED.includes(stored);
        });
        if (still.length === 0) return { answer };
        let given: unknown;
        try {
          given = await hook!({ templates: still.map((t) => ({ ...t })), app: ctx.app, user, signal: ctx.signal });
        } catch (error) {
          services.report(ctx, error);
          return { thrown: true };
        }
        // A panel closed because the mini program left is no choice of the user's: nothing is stored.
        if (ctx.signal.aborted) throw wxFail('cancel', { errno: ERRNO.cancel });
        try {
          if (given === 'cancel') {
            for (const t of still) put(answer.choices, t.id, 'reject');
            return { answer };
          }
          const choices = (given as { choices?: unknown } | null)?.choices;
          if (typeof choices !== 'object' || choices === null) {
            services.report(ctx, new TypeError("prompts.subscribe must return 'cancel' or {choices, keep}"));
            return { thrown: true };
          }
          for (const t of still) {
            put(answer.choices, t.id, own(choices as Record<string, unknown>, t.id) === 'accept' ? 'accept' : 'reject');
          }
          if ((given as { keep?: unknown }).keep === true) {
            const chosen = still.map((t) => [t.id, answer.choices[t.id] as 'accept' | 'reject'] as const);
            await decisions.update(user, ctx.app.appId, (d) => {
              const subscriptions = (d.subscriptions ??= { mainSwitch: true, items: {} });
              if (typeof subscriptions.items !== 'object' || subscriptions.items === null) subscriptions.items = {};
              for (const [id, choice] of chosen) put(subscriptions.items, id, choice);
            });
          }
          return { answer };
        } catch (error) {
          services.report(ctx, error);
          return { thrown: true };
        }
      });
    } catch (refused) {
      // The prompt queue refused (too many prompts) or the call was given up: keep its reason and errno.
      if (WxError.is(refused)) {
        throw wxFail(refused.reason, {
          ...(refused.errno === undefined ? {} : { errno: refused.errno }),
          errCode: SUBSCRIPTION_ERRORS.subscribeFail,
        });
      }
      throw refused;
    }
    if ('thrown' in outcome) throw fail('Request subscribe fail', SUBSCRIPTION_ERRORS.subscribeFail);
    return outcome.answer;
  }

  const requestSubscribeMessage: Semantics = {
    handler: 'none',
    offered: () => config !== undefined && typeof hook === 'function',
    async run(params, ctx) {
      const ids = params.tmplIds as string[];
      if (ids.length === 0) throw fail("TmplIds can't be empty", SUBSCRIPTION_ERRORS.emptyIds);
      if (ids.length > maxPerCall) throw fail('Templates count out of max bounds', SUBSCRIPTION_ERRORS.tooMany);
      const byId = await registry(ctx);
      const requested: SubscriptionTemplate[] = [];
      for (const id of new Set(ids)) {
        const template = byId.get(id);
        if (!template) {
          throw fail('No template data return, verify the template id exist', SUBSCRIPTION_ERRORS.unknownTemplate);
        }
        requested.push(template);
      }
      if (new Set(requested.map((t) => t.kind)).size > 1) {
        throw fail('Templates type must be same', SUBSCRIPTION_ERRORS.mixedKinds);
      }
      const user = await services.userOf(ctx);
      const stored = await decisions.read(user, ctx.app.appId);
      let mainSwitch: unknown;
      let banned: unknown;
      try {
        mainSwitch = config!.mainSwitch ? await config!.mainSwitch(ctx.app, user) : (stored.subscriptions?.mainSwitch ?? true);
        banned = await config!.appBanned?.(ctx.app);
      } catch (error) {
        // The integrator's backend could not say: the same answer as a template list that failed.
        services.report(ctx, error);
        throw fail('Request list fail', SUBSCRIPTION_ERRORS.listFail);
      }
      if (mainSwitch === false) throw fail('The main switch is switched off', SUBSCRIPTION_ERRORS.mainSwitchOff);
      if (banned === true) {
        throw fail('This mini program was banned from subscribing messages', SUBSCRIPTION_ERRORS.appBanned);
      }
      if (requested.some((t) => t.deviceMessage === true)) {
        throw fail('Reject DeviceMsg Template', SUBSCRIPTION_ERRORS.deviceMessage);
      }

      const result: Record<string, SubscriptionResult> = {};
      const titles = new Set<unknown>();
      const shown: SubscriptionTemplate[] = [];
      for (const template of requested) {
        if (titles.has(template.title)) put(result, template.id, 'filter');
        else {
          titles.add(template.title);
          const remembered = own(stored.subscriptions?.items, template.id);
          if (template.banned === true) put(result, template.id, 'ban');
          else if (remembered !== undefined && STORED.includes(remembered)) put(result, template.id, remembered);
          else shown.push(template);
        }
      }
      if (shown.length > 0) {
        const { choices } = await ask(ctx, user, shown);
        for (const template of shown) put(result, template.id, choices[template.id]!);
      }
      // In the order requested.
      const ordered: Record<string, SubscriptionResult> = {};
      for (const template of requested) put(ordered, template.id, result[template.id]!);
      return ordered;
    },
  };

  return { requestSubscribeMessage };
}
