/**
 * The records the host writes for the server to read (and back), beyond login codes: who an openid
 * is, subscription acceptances, SOTER keys, the outbox of sent messages. Every key is under
 * `wxbridge/`; appIds, openids, users and template ids are `encodeURIComponent`-ed. Values are JSON.
 *
 * | key | value | written by | read by |
 * | --- | --- | --- | --- |
 * | `wxbridge/users/v1/<appId>/<openid>` | `{user, since}` | the host, when it issues a login code or records an acceptance | the server: an openid it never saw is `40003` |
 * | `wxbridge/subscriptions/v1/one-time/<appId>/<openid>/<templateId>` | an integer: unused one-time acceptances | the host, `+1` per `accept` | the server, `adjust(-1, {min: 0})` per send |
 * | `wxbridge/subscriptions/v1/long-term/<appId>/<openid>/<templateId>` | `{acceptedAt}` while accepted | the host (deleted when the user turns it off) | the server |
 * | `wxbridge/soter/v1/key/<appId>/<openid>` | `{publicKey, enrolledAt}` (PEM, SPKI) | the host, from the device adapter | the server's `verify_signature` |
 * | `wxbridge/soter/v1/counter/<appId>/<openid>` | an integer: MINUS the highest counter accepted (it only goes down, so `adjust` with a `min` is a compare-and-set; see the server's `soter/counter.ts`) | the server | the server |
 * | `wxbridge/outbox/v1/<user>/next` | an integer: messages sent to the user so far | the server | the superapp |
 * | `wxbridge/outbox/v1/<user>/<n>` | an `OutboxMessage` | the server | the superapp |
 */
import { parse } from './login';

const part = encodeURIComponent;

export const userKey = (appId: string, openid: string) => `wxbridge/users/v1/${part(appId)}/${part(openid)}`;
export const oneTimeKey = (appId: string, openid: string, templateId: string) =>
  `wxbridge/subscriptions/v1/one-time/${part(appId)}/${part(openid)}/${part(templateId)}`;
export const longTermKey = (appId: string, openid: string, templateId: string) =>
  `wxbridge/subscriptions/v1/long-term/${part(appId)}/${part(openid)}/${part(templateId)}`;
export const soterKeyKey = (appId: string, openid: string) => `wxbridge/soter/v1/key/${part(appId)}/${part(openid)}`;
export const soterCounterKey = (appId: string, openid: string) => `wxbridge/soter/v1/counter/${part(appId)}/${part(openid)}`;
export const outboxNextKey = (user: string) => `wxbridge/outbox/v1/${part(user)}/next`;
export const outboxKey = (user: string, n: number) => `wxbridge/outbox/v1/${part(user)}/${n}`;

export interface UserRecord {
  /** The superapp's own id of the user. */
  user: string;
  /** When the host first recorded the openid (milliseconds since the epoch). */
  since: number;
}

export interface LongTermRecord {
  acceptedAt: number;
}

export interface SoterKeyRecord {
  /** The device's public key, PEM (`-----BEGIN PUBLIC KEY-----`, SPKI). */
  publicKey: string;
  enrolledAt: number;
}

/** A subscription message the server accepted for delivery. */
export interface OutboxMessage {
  /** The message's number in the user's outbox (1, 2, …). */
  n: number;
  appId: string;
  openid: string;
  templateId: string;
  /** The template's title, as the user's inbox shows it. */
  title: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'developer' | 'trial' | 'formal';
  lang: string;
  sentAt: number;
}

export function asUser(text: string | undefined): UserRecord | undefined {
  const r = parse(text);
  return r && typeof r.user === 'string' && typeof r.since === 'number' ? { user: r.user, since: r.since } : undefined;
}

export function asLongTerm(text: string | undefined): LongTermRecord | undefined {
  const r = parse(text);
  return r && typeof r.acceptedAt === 'number' ? { acceptedAt: r.acceptedAt } : undefined;
}

export function asSoterKey(text: string | undefined): SoterKeyRecord | undefined {
  const r = parse(text);
  return r && typeof r.publicKey === 'string' && typeof r.enrolledAt === 'number' ? { publicKey: r.publicKey, enrolledAt: r.enrolledAt } : undefined;
}

export function asOutboxMessage(text: string | undefined): OutboxMessage | undefined {
  const r = parse(text);
  return r && typeof r.n === 'number' && typeof r.appId === 'string' && typeof r.templateId === 'string' && typeof r.data === 'object'
    ? (r as unknown as OutboxMessage)
    : undefined;
}
