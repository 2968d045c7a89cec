/**
 * Privacy consent: privacy-gated APIs wait until the user has agreed to the mini program's
 * privacy guideline (the gate's `privacy` step, for every API the catalogue marks `privacy`).
 *
 * When a gated call finds no agreement, the host asks once for every call of that mini program
 * and user that is waiting, through the one consent path: through the mini program's own
 * `onNeedPrivacyAuthorization` listener if it registered one (the guest answers `agree` /
 * `disagree`), otherwise through the integrator's `prompts.privacy` hook. Agreement is stored
 * like scope decisions; a refusal fails the waiting calls with `privacy permission is not
 * authorized` (errno 104) and is not stored: the next call asks again.
 */
import { ERRNO } from '@wxbridge/protocol';
import type { App } from '../core/app';
import type { Connection } from '../core/connection';
import { wxFail } from '../core/failure';
import type { Feature, Services } from '../core/feature';
import type { PromptRequest } from '../core/options';
import type { CallContext } from '../core/types';

export interface PrivacyPromptRequest extends PromptRequest {
  /** The API (or component) that needs the agreement. */
  referrer: string;
  contractName: string;
}

export interface PrivacyOptions {
  /** The guideline's name, returned by `getPrivacySetting`. */
  contractName?: string;
  /** Whether the app must agree before privacy-gated APIs run. Default true once `privacy` is given. */
  required?: boolean | ((app: App) => boolean);
  /**
   * Trust the mini program's own prompt (`onNeedPrivacyAuthorization` → `resolve({event: 'agree'})`).
   * Default true, as the platform does; false sends every privacy prompt through `prompts.privacy`.
   */
  trustMiniProgramPrompt?: boolean;
}

export interface PrivacyFeatureOptions {
  /** Turns the privacy gate on. */
  privacy?: PrivacyOptions;
  prompts?: {
    /** The privacy guideline, when the mini program has no `onNeedPrivacyAuthorization` listener. */
    privacy?(request: PrivacyPromptRequest): boolean | Promise<boolean>;
  };
}

export const PRIVACY_EVENT = 'needPrivacyAuthorization';
const NOT_AUTHORIZED = 'privacy permission is not authorized';

let nextReply = 1;

/** Asks the mini program's own prompt; resolves with its answer (`false` if its session ends first). */
function askMiniProgram(connection: Connection, referrer: string): Promise<boolean> {
  const reply = nextReply++;
  return new Promise<boolean>((resolve) => {
    const session = connection.sessionSignal;
    const done = (agree: boolean) => {
      connection.guestEvents.off(PRIVACY_EVENT, onAnswer);
      session.removeEventListener('abort', onEnd);
      resolve(agree);
    };
    const onAnswer = (data: unknown, answerTo: unknown) => {
      if (answerTo !== reply) return;
      const event = (data as { event?: unknown } | null)?.event;
      if (event === 'agree') done(true);
      else if (event === 'disagree') done(false);
      // 'exposureAuthorization': the mini program showed its prompt; keep waiting.
    };
    const onEnd = () => done(false);
    connection.guestEvents.on(PRIVACY_EVENT, onAnswer);
    session.addEventListener('abort', onEnd, { once: true });
    connection.sendEvent(PRIVACY_EVENT, { referrer }, reply);
  });
}

export function privacyFeature(services: Services, options: PrivacyFeatureOptions): Feature {
  const { decisions } = services;
  const config = options.privacy;
  const contractName = config?.contractName ?? '';
  const hook = options.prompts?.privacy;

  function required(app: App): boolean {
    if (!config) return false;
    const rule = config.required ?? true;
    return typeof rule === 'function' ? rule(app) : rule;
  }

  const agreed = async (ctx: CallContext, user: string): Promise<boolean> => (await decisions.read(user, ctx.app.appId)).privacyAgreed === true;

  /** One question per mini program and user, shared by every call waiting on it. */
  function ask(ctx: CallContext, user: string, referrer: string): Promise<boolean> {
    const connection = ctx.connection;
    const viaMiniProgram = config?.trustMiniProgramPrompt !== false && connection.listens(PRIVACY_EVENT);
    return services.consent.ask<boolean>({
      ctx,
      user,
      share: 'privacy',
      ownPrompt: viaMiniProgram,
      decided: async () => ((await agreed(ctx, user)) ? true : undefined),
      show: async (signal) => {
        if (viaMiniProgram) return askMiniProgram(connection, referrer);
        if (!hook) return false;
        return (await hook({ app: ctx.app, user, referrer, contractName, signal })) === true;
      },
      store: async (agree) => {
        if (agree) await decisions.update(user, ctx.app.appId, (d) => void (d.privacyAgreed = true));
      },
    });
  }

  async function gate(referrer: string, ctx: CallContext): Promise<void> {
    if (!required(ctx.app)) return;
    const user = await services.userOf(ctx);
    if (await agreed(ctx, user)) return;
    if (!(await ask(ctx, user, referrer))) throw wxFail(NOT_AUTHORIZED, { errno: ERRNO.privacyNotAuthorized });
  }

  return {
    gates: { privacy: (_entry, ctx) => gate(ctx.api, ctx) },
    apis: {
      getPrivacySetting: {
        handler: 'none',
        offered: () => true,
        async run(_params, ctx) {
          const need = required(ctx.app) && !(await agreed(ctx, await services.userOf(ctx)));
          return { needAuthorization: need, privacyContractName: contractName };
        },
      },
      requirePrivacyAuthorize: {
        handler: 'none',
        ownSheet: true,
        offered: () => true,
        async run(_params, ctx) {
          await gate('requirePrivacyAuthorize', ctx);
          return {};
        },
      },
      onNeedPrivacyAuthorization: { handler: 'none', offered: (app) => required(app), run: () => ({}) },
    },
  };
}
