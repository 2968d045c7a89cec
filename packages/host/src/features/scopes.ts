/**
 * Authorization scopes: `authorize`, `getSetting`, `openSetting`, and the gate's `scope` step for
 * every API whose catalogue entry names a scope (`getLocation` → `scope.userLocation`).
 *
 * Per (user, app, scope): never asked → the scope prompt (the integrator draws, the host decides
 * and records, through the one consent path); granted → on with no prompt; denied → `auth deny`
 * (errno 103) with no prompt, until `openSetting` changes it. Concurrent requests for one scope
 * share one prompt.
 */
import { ERRNO, hasOwn, isPlainObject, type ApiEntry } from '@wxbridge/protocol';
import type { App } from '../core/app';
import { wxFail } from '../core/failure';
import type { Feature, Semantics, Services } from '../core/feature';
import type { PromptRequest } from '../core/options';
import type { CallContext } from '../core/types';

export interface AuthorizePromptRequest extends PromptRequest {
  scope: string;
  /** What the scope covers, for the dialog's text. */
  description: string;
}

export interface SettingsPromptRequest extends PromptRequest {
  /** The scopes this mini program has asked for, with their state. */
  authSetting: Record<string, boolean>;
  /** The subscription messages' main switch and the choices the user kept (as `getSetting` reports them). */
  subscriptionsSetting?: { mainSwitch: boolean; itemSettings: Record<string, string> };
}

/**
 * What the settings page answers: the new state of the scopes shown, or that and the new
 * subscription settings (the main switch, and `accept` / `reject` for kept choices).
 */
export type SettingsPromptAnswer =
  | Record<string, boolean>
  | {
      authSetting?: Record<string, boolean>;
      subscriptionsSetting?: { mainSwitch?: boolean; itemSettings?: Record<string, 'accept' | 'reject'> };
    };

export interface ScopePrompts {
  /** The scope prompt (`wx.authorize`, or an API needing a scope never asked): true to allow. */
  authorize?(request: AuthorizePromptRequest): boolean | Promise<boolean>;
  /** `wx.openSetting`: show the settings page; resolve with the new state of what it shows. */
  settings?(request: SettingsPromptRequest): SettingsPromptAnswer | Promise<SettingsPromptAnswer>;
}

export interface ScopeOptions {
  /** The integrator's own scopes (`scope.myThing`), with a description for the dialog. */
  custom?: Record<string, { description?: string }>;
  /** The scopes an app may request at all; `undefined` for no restriction. */
  allowed?: (app: App) => readonly string[] | undefined;
}

export interface ScopeFeatureOptions {
  prompts?: ScopePrompts;
  scopes?: ScopeOptions;
  /** `anonymous` user info grants `scope.userInfo` without a prompt (see the user-info feature). */
  userInfo?: { mode?: 'seeds' | 'anonymous' };
}

/** The scopes of the platform docs, with what each covers. */
export const BUILT_IN_SCOPES: Readonly<Record<string, string>> = {
  'scope.userInfo': 'your profile (nickname and avatar)',
  'scope.userLocation': 'your precise location',
  'scope.userFuzzyLocation': 'your approximate location',
  'scope.userLocationBackground': 'your location while the mini program is in the background',
  'scope.record': 'the microphone',
  'scope.camera': 'the camera',
  'scope.bluetooth': 'Bluetooth',
  'scope.writePhotosAlbum': 'saving to your photo album',
  'scope.addPhoneContact': 'adding phone contacts',
  'scope.addPhoneCalendar': 'adding calendar events',
  'scope.werun': 'your step count',
  'scope.addFriend': 'being added as a friend',
};

/** Scopes whose authorization the platform cancelled: always granted, never prompted. */
export const ALWAYS_GRANTED_SCOPES = ['scope.address', 'scope.invoice', 'scope.invoiceTitle'] as const;

const authDeny = () => wxFail('auth deny', { errno: ERRNO.authDeny });

/** A settings answer as `{authSetting, …}`: the bare scope map of the first shape goes under `authSetting`. */
function settingsAnswer(answer: unknown): Record<string, unknown> & { authSetting: Record<string, unknown> } {
  if (!isPlainObject(answer)) return { authSetting: {} };
  const own = (name: string) => (hasOwn.call(answer, name) && isPlainObject(answer[name]) ? answer[name] : undefined);
  if (own('authSetting') === undefined && own('subscriptionsSetting') === undefined) return { authSetting: answer };
  return { ...answer, authSetting: own('authSetting') ?? {} };
}

/**
 * The scope rule, shared by `wx.authorize` and the gate's scope step: resolves when the user has
 * granted `scope`, asking once (through the consent path) if `prompt` and never asked; else fails.
 */
function scopeRule(services: Services, options: ScopeFeatureOptions) {
  const { decisions, consent } = services;
  const prompts = options.prompts ?? {};
  const custom = options.scopes?.custom ?? {};
  const anonymousUserInfo = options.userInfo?.mode === 'anonymous';

  function describe(scope: string): string | undefined {
    if (hasOwn.call(BUILT_IN_SCOPES, scope)) return BUILT_IN_SCOPES[scope];
    if (hasOwn.call(custom, scope)) return custom[scope]?.description ?? scope;
    return undefined;
  }

  const grant = (user: string, appId: string, scope: string, granted: boolean) =>
    decisions.update(user, appId, (d) => void (d.scopes[scope] = granted)).then(() => {});
  const stateOf = async (user: string, appId: string, scope: string) => (await decisions.read(user, appId)).scopes[scope];

  async function requireScope(ctx: CallContext, user: string, scope: string, prompt: boolean): Promise<void> {
    const appId = ctx.app.appId;
    if ((ALWAYS_GRANTED_SCOPES as readonly string[]).includes(scope)) return grant(user, appId, scope, true);
    const description = describe(scope);
    if (description === undefined) {
      throw wxFail(`invalid scope: ${scope.slice(0, 64)} is not a scope this host knows`, { errno: ERRNO.invalidRequest });
    }
    const list = options.scopes?.allowed?.(ctx.app);
    if (list && !list.includes(scope)) throw wxFail(`scope ${scope} is not allowed for this mini program`, { errno: ERRNO.noPermission });
    const state = await stateOf(user, appId, scope);
    if (state === true) return;
    // An API that never asks for its scope (getUserInfo under the seeds) fails without it.
    if (!prompt) throw wxFail('scope unauthorized', { errno: ERRNO.authDeny });
    if (state === false) throw authDeny();
    if (scope === 'scope.userInfo' && anonymousUserInfo) return grant(user, appId, scope, true);
    const hook = prompts.authorize;
    if (typeof hook !== 'function') throw wxFail('scope unauthorized', { errno: ERRNO.authDeny });
    const granted = await consent.ask<boolean>({
      ctx,
      user,
      share: scope,
      decided: () => stateOf(user, appId, scope),
      show: async (signal) => (await hook({ app: ctx.app, user, scope, description, signal })) === true,
      store: (answer) => grant(user, appId, scope, answer),
    });
    if (!granted) throw authDeny();
  }

  return requireScope;
}

export function scopesFeature(services: Services, options: ScopeFeatureOptions): Feature {
  const { decisions, consent } = services;
  const prompts = options.prompts ?? {};
  const requireScope = scopeRule(services, options);

  async function settingResult(ctx: CallContext, params: Record<string, unknown>, user: string) {
    const d = await decisions.read(user, ctx.app.appId);
    return { authSetting: { ...d.scopes }, ...(await services.settings(ctx, user, params)) };
  }

  const authorize: Semantics = {
    handler: 'none',
    ownSheet: true,
    offered: () => typeof prompts.authorize === 'function',
    async run(params, ctx) {
      await requireScope(ctx, await services.userOf(ctx), params.scope as string, true);
      return {};
    },
  };

  const getSetting: Semantics = {
    handler: 'none',
    offered: () => true,
    async run(params, ctx) {
      return settingResult(ctx, params, await services.userOf(ctx));
    },
  };

  const openSetting: Semantics = {
    handler: 'none',
    ownSheet: true,
    offered: () => typeof prompts.settings === 'function',
    async run(params, ctx) {
      const user = await services.userOf(ctx);
      const shown = { ...(await decisions.read(user, ctx.app.appId)).scopes };
      const { subscriptionsSetting } = await services.settings(ctx, user, { withSubscriptions: true });
      await consent.ask({
        ctx,
        user,
        show: (signal) =>
          prompts.settings!({
            app: ctx.app,
            user,
            authSetting: { ...shown },
            ...(subscriptionsSetting === undefined ? {} : { subscriptionsSetting: subscriptionsSetting as SettingsPromptRequest['subscriptionsSetting'] }),
            signal,
          }),
        // Only scopes already asked can change, and only to a boolean; the rest is the other features'.
        store: async (answer) => {
          const chosen = settingsAnswer(answer);
          await decisions.update(user, ctx.app.appId, (d) => {
            for (const scope of Object.keys(shown)) {
              if (hasOwn.call(chosen.authSetting, scope) && typeof chosen.authSetting[scope] === 'boolean') d.scopes[scope] = chosen.authSetting[scope];
            }
          });
          await services.applySettings(ctx, user, chosen);
        },
      });
      return settingResult(ctx, params, user);
    },
  };

  const scopeStep = async (entry: ApiEntry, ctx: CallContext): Promise<void> =>
    requireScope(ctx, await services.userOf(ctx), entry.scope!.name, entry.scope!.prompt);

  return { apis: { authorize, getSetting, openSetting }, gates: { scope: scopeStep } };
}
