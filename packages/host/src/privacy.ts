/**
 * Privacy consent: privacy-gated APIs wait until the user has agreed to the
 * mini program's privacy guideline.
 *
 * When a gated call finds no agreement, the host asks once for every call
 * waiting on that mini program: through the mini program's own
 * `onNeedPrivacyAuthorization` listener if it registered one (the guest
 * answers `agree` / `disagree`), otherwise through the integrator's
 * `prompts.privacy` hook. Agreement is stored like scope decisions; a
 * refusal fails the waiting calls with `privacy permission is not
 * authorized` (errno 104) and is not stored: the next call asks again.
 */
import { ERRNO } from '@wxbridge/protocol';
import type { Connection } from './connection';
import { wxFail } from './failure';
import type { App } from './options';
import type { SemanticsTable, Services } from './semantics';
import type { CallContext } from './types';

export const PRIVACY_EVENT = 'needPrivacyAuthorization';
const NOT_AUTHORIZED = 'privacy permission is not authorized';

let nextReply = 1;

/**
 * Resolves like `promise`, or rejects with a cancel once `signal` fires. `promise` is the question
 * every waiting call shares: its failure is always handled here, even when this caller has gone
 * already (an unhandled rejection would end a Node process).
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {});
  if (signal.aborted) return Promise.reject(wxFail('cancel', { errno: ERRNO.cancel }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(wxFail('cancel', { errno: ERRNO.cancel }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export interface Privacy {
  /** Waits for the user's agreement before a privacy-gated call runs; throws errno 104 on refusal. */
  gate(api: string, ctx: CallContext): Promise<void>;
  semantics: SemanticsTable;
}

export function createPrivacy(services: Services): Privacy {
  const { options, decisions } = services;
  const config = options.privacy;
  const contractName = config?.contractName ?? '';
  const asking = new WeakMap<Connection, Promise<boolean>>();

  function required(app: App): boolean {
    if (!config) return false;
    const rule = config.required ?? true;
    return typeof rule === 'function' ? rule(app) : rule;
  }

  async function agreed(ctx: CallContext, user: string): Promise<boolean> {
    return (await decisions.read(user, ctx.app.appId)).privacyAgreed === true;
  }

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

  async function askHost(ctx: CallContext, user: string, referrer: string): Promise<boolean> {
    const hook = options.prompts?.privacy;
    if (!hook) return false;
    const agree = await services.prompt(ctx, () => hook({ app: ctx.app, user, referrer, contractName, signal: ctx.signal }));
    return agree === true;
  }

  /** One question per mini program, shared by every call waiting on it. */
  function ask(ctx: CallContext, user: string, referrer: string): Promise<boolean> {
    const connection = ctx.connection;
    let pending = asking.get(connection);
    if (!pending) {
      const viaMiniProgram = config?.trustMiniProgramPrompt !== false && connection.listens(PRIVACY_EVENT);
      pending = (viaMiniProgram ? askMiniProgram(connection, referrer) : askHost(ctx, user, referrer))
        .then(async (agree) => {
          if (agree) await decisions.update(user, ctx.app.appId, (d) => void (d.privacyAgreed = true));
          return agree;
        })
        .finally(() => asking.delete(connection));
      asking.set(connection, pending);
    }
    return untilAborted(pending, ctx.signal);
  }

  async function gate(api: string, ctx: CallContext): Promise<void> {
    if (!required(ctx.app)) return;
    const user = await services.userOf(ctx);
    if (await agreed(ctx, user)) return;
    if (!(await ask(ctx, user, api))) throw wxFail(NOT_AUTHORIZED, { errno: ERRNO.privacyNotAuthorized });
  }

  return {
    gate,
    semantics: {
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
        offered: () => true,
        async run(_params, ctx) {
          await gate('requirePrivacyAuthorize', ctx);
          return {};
        },
      },
      onNeedPrivacyAuthorization: {
        handler: 'none',
        offered: (app) => required(app),
        run: () => ({}),
      },
    },
  };
}
