/**
 * Authorization scopes: `authorize`, `getSetting`, `openSetting`.
 *
 * Per (user, app, scope): never asked → `authorize` prompts (the integrator
 * draws, the host decides and records); granted → ok with no prompt; denied
 * → `auth deny` (errno 103) with no prompt, until `openSetting` changes it.
 * Concurrent requests for one scope share one prompt.
 */
import { ERRNO, hasOwn } from '@wxbridge/protocol';
import { wxFail } from './failure';
import type { App } from './options';
import type { Semantics, SemanticsTable, Services } from './semantics';
import type { CallContext } from './types';

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


export function createScopeSemantics(services: Services): SemanticsTable {
  const { options, decisions } = services;
  const prompts = options.prompts ?? {};
  const custom = options.scopes?.custom ?? {};
  /** Prompts on screen or queued, per user/app/scope: concurrent requests share one. */
  const asking = new Map<string, Promise<boolean>>();

  function describe(scope: string): string | undefined {
    if (hasOwn.call(BUILT_IN_SCOPES, scope)) return BUILT_IN_SCOPES[scope];
    if (hasOwn.call(custom, scope)) return custom[scope]?.description ?? scope;
    return undefined;
  }

  function allowed(app: App, scope: string): boolean {
    const list = options.scopes?.allowed?.(app);
    return !list || list.includes(scope);
  }

  const anonymousUserInfo = options.userInfo?.mode === 'anonymous';

  async function ask(ctx: CallContext, user: string, scope: string, description: string): Promise<boolean> {
    const key = JSON.stringify([user, ctx.app.appId, scope]);
    let pending = asking.get(key);
    if (!pending) {
      pending = services
        .prompt(ctx, async () => {
          // Decided while this prompt waited its turn (another connection of the same app)?
          const current = (await decisions.read(user, ctx.app.appId)).scopes[scope];
          if (current !== undefined) return current;
          const allow = await prompts.authorize!({ app: ctx.app, user, scope, description, signal: ctx.signal });
          // A dialog closed because the mini program left is no decision of the user's.
          if (ctx.signal.aborted) throw wxFail('cancel', { errno: ERRNO.cancel });
          const granted = allow === true;
          await decisions.update(user, ctx.app.appId, (d) => void (d.scopes[scope] = granted));
          return granted;
        })
        .finally(() => asking.delete(key));
      asking.set(key, pending);
    }
    return pending;
  }

  const authorize: Semantics = {
    handler: 'none',
    offered: () => typeof prompts.authorize === 'function',
    async run(params, ctx) {
      const scope = params.scope as string;
      const user = await services.userOf(ctx);
      if ((ALWAYS_GRANTED_SCOPES as readonly string[]).includes(scope)) {
        await decisions.update(user, ctx.app.appId, (d) => void (d.scopes[scope] = true));
        return {};
      }
      const description = describe(scope);
      if (description === undefined) {
        throw wxFail(`invalid scope: ${scope.slice(0, 64)} is not a scope this host knows`, {
          errno: ERRNO.invalidRequest,
        });
      }
      if (!allowed(ctx.app, scope)) {
        throw wxFail(`scope ${scope} is not allowed for this mini program`, { errno: ERRNO.noPermission });
      }
      const state = (await decisions.read(user, ctx.app.appId)).scopes[scope];
      if (state === true) return {};
      if (state === false) throw wxFail('auth deny', { errno: ERRNO.authDeny });
      if (scope === 'scope.userInfo' && anonymousUserInfo) {
        await decisions.update(user, ctx.app.appId, (d) => void (d.scopes[scope] = true));
        return {};
      }
      if (!(await ask(ctx, user, scope, description))) throw wxFail('auth deny', { errno: ERRNO.authDeny });
      return {};
    },
  };

  async function settingResult(ctx: CallContext, withSubscriptions: unknown, user: string) {
    const d = await decisions.read(user, ctx.app.appId);
    const result: Record<string, unknown> = { authSetting: { ...d.scopes } };
    if (withSubscriptions === true) {
      const hook = options.subscriptions?.mainSwitch;
      result.subscriptionsSetting = {
        mainSwitch: hook ? (await hook(ctx.app, user)) !== false : (d.subscriptions?.mainSwitch ?? true),
        itemSettings: { ...d.subscriptions?.items },
      };
    }
    return result;
  }

  const getSetting: Semantics = {
    handler: 'none',
    offered: () => true,
    async run(params, ctx) {
      return settingResult(ctx, params.withSubscriptions, await services.userOf(ctx));
    },
  };

  const openSetting: Semantics = {
    handler: 'none',
    offered: () => typeof prompts.settings === 'function',
    async run(params, ctx) {
      const user = await services.userOf(ctx);
      const shown = { ...(await decisions.read(user, ctx.app.appId)).scopes };
      const chosen = await services.prompt(ctx, () =>
        prompts.settings!({ app: ctx.app, user, authSetting: { ...shown }, signal: ctx.signal }),
      );
      // Only scopes already asked can change, and only to a boolean.
      await decisions.update(user, ctx.app.appId, (d) => {
        for (const scope of Object.keys(shown)) {
          if (chosen && hasOwn.call(chosen, scope) && typeof chosen[scope] === 'boolean') d.scopes[scope] = chosen[scope]!;
        }
      });
      return settingResult(ctx, params.withSubscriptions, user);
    },
  };

  return { authorize, getSetting, openSetting };
}
