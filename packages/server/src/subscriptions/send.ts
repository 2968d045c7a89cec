/**
 * `POST /cgi-bin/message/subscribe/send`: a subscription message from the mini program's backend
 * to one of its users, with WeChat's checks and numbers, in WeChat's order:
 *
 * | check | errcode |
 * | --- | --- |
 * | a field missing or of the wrong JSON type | 47001 `data format error` |
 * | `template_id` not one of the app's templates | 40037 `invalid template_id` |
 * | `data` not exactly the template's keywords, a value not `{value: string}` or too long, a bad `miniprogram_state`, `lang` or `page` | 47003 `argument invalid!` |
 * | `touser` not an openid the host recorded for this app | 40003 `invalid openid` |
 * | no acceptance left: a one-time one used (or never given), a long-term one turned off | 43101 `user refuse to accept the msg` |
 *
 * A one-time acceptance is consumed with one atomic `adjust(-1, {min: 0})`: of any number of
 * servers sending at once, as many succeed as the user gave acceptances. Only a consumed (or
 * long-term) acceptance writes the message to the user's outbox and hands it to `deliver`.
 */
import { asLongTerm, asUser, longTermKey, oneTimeKey, problemWith, randomBytes, userKey } from '@wxbridge/store/records';
import type { SharedStore } from '@wxbridge/store';
import { failure, OK, type WxFailure } from '../answers';
import { appendToOutbox, type SentMessage } from './outbox';
import { checkSendRequest, type SendRequest } from './send-request';
import type { ServerTemplate } from './templates';

export interface SendDeps {
  /** Where the host recorded openids and acceptances, and where the outbox goes. */
  store: SharedStore;
  /** The app's templates (`checkTemplates` of its config). */
  templates(appId: string): readonly ServerTemplate[];
  /**
   * The integrator's delivery (a push, a websocket, …), called once per sent message after it is
   * in the outbox. The send has already succeeded: a throw or rejection goes to `onError`.
   */
  deliver?(message: SentMessage): void | Promise<void>;
  /** Where a failed `deliver` is reported (default: `console.error`). */
  onError?(error: unknown, context: string): void;
  /** Milliseconds since the epoch (default `Date.now`). */
  now?(): number;
}

export interface SendAnswer {
  errcode: 0;
  errmsg: 'ok';
  /** The message's id: a positive safe integer. */
  msgid: number;
}

export const USER_REFUSED: WxFailure = failure('userRefused');

/** A random positive integer below 2^53 (JSON numbers stay exact in every language). */
function newMsgid(): number {
  const bytes = randomBytes(7, 'subscribe/send');
  const value = bytes.reduce((acc, byte) => acc * 256 + byte, 0) % 2 ** 53;
  return value === 0 ? 1 : value;
}

/** Consumes one acceptance of the template by the user: whether there was one. */
async function consume(store: SharedStore, appId: string, request: SendRequest): Promise<boolean> {
  const { touser, template } = request;
  if (template.kind === 'long-term') return asLongTerm(await store.get(longTermKey(appId, touser, template.id))) !== undefined;
  return (await store.adjust(oneTimeKey(appId, touser, template.id), -1, { min: 0 })) !== undefined;
}

async function handOver(deps: SendDeps, message: SentMessage): Promise<void> {
  if (!deps.deliver) return;
  try {
    await deps.deliver(message);
  } catch (error) {
    const context = `subscribe/send: deliver failed for message ${message.msgid} (app ${message.appId}); the send succeeded and the message is in the outbox`;
    try {
      (deps.onError ?? ((e: unknown, c: string) => console.error(c, e)))(error, context);
    } catch {
      // A failing reporter must not fail a send that has already consumed its acceptance.
    }
  }
}

/**
 * The answer to `subscribe/send` for `appId` (the app the access token belongs to): `{errcode: 0,
 * errmsg: 'ok', msgid}` or a failure from the table above. Throws only when the store fails.
 */
export async function sendSubscribeMessage(deps: SendDeps, appId: string, body: unknown): Promise<SendAnswer | WxFailure> {
  const request = checkSendRequest(body, deps.templates(appId));
  if ('errcode' in request) return request;
  if (problemWith(request.touser, false)) return failure('invalidOpenid');
  const known = asUser(await deps.store.get(userKey(appId, request.touser)));
  if (!known) return failure('invalidOpenid');
  if (!(await consume(deps.store, appId, request))) return USER_REFUSED;
  const msgid = newMsgid();
  const message = await appendToOutbox(deps.store, known.user, {
    msgid,
    appId,
    openid: request.touser,
    templateId: request.template.id,
    title: request.template.title,
    ...(request.page === undefined ? {} : { page: request.page }),
    data: request.data,
    miniprogramState: request.miniprogramState,
    lang: request.lang,
    sentAt: (deps.now ?? Date.now)(),
  });
  await handOver(deps, message);
  return { ...OK, msgid };
}
