/**
 * The outbox: every subscription message the server accepted, per superapp user, numbered 1, 2, …
 * (`outboxNextKey` counts them, `outboxKey(user, n)` holds the n-th), kept 30 days. The superapp
 * reads it (`readOutbox`) to show the user's inbox.
 *
 * A number can have no message: a server that stopped between taking the number and writing the
 * message, or a message past its 30 days. Readers skip such gaps.
 */
import { integerOf, type KeyValueStore, type SharedStore } from '@wxbridge/store';
import { asOutboxMessage, outboxKey, outboxNextKey, type OutboxMessage } from '@wxbridge/store/records';

/** How long a sent message stays in the outbox. */
export const OUTBOX_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const DEFAULT_OUTBOX_PAGE = 20;
export const MAX_OUTBOX_PAGE = 100;

/** An outbox message with the `msgid` its send answered. */
export interface SentMessage extends OutboxMessage {
  msgid: number;
}

/** Numbers the message and writes it to `user`'s outbox; returns it with its number. */
export async function appendToOutbox(store: SharedStore, user: string, message: Omit<SentMessage, 'n'>): Promise<SentMessage> {
  const n = await store.adjust(outboxNextKey(user), 1);
  if (n === undefined) throw new Error(`outbox: the store refused to count ${outboxNextKey(user)}`);
  const numbered: SentMessage = { n, ...message };
  await store.set(outboxKey(user, n), JSON.stringify(numbered), { ttlMs: OUTBOX_TTL_MS });
  return numbered;
}

export interface ReadOutboxOptions {
  /** Only messages numbered after this one (the `cursor` of the previous page). Default: the newest page. */
  after?: number;
  /** At most this many numbers are read (1 to 100, default 20). */
  limit?: number;
  /** Now, in milliseconds since the epoch (default `Date.now()`): older than 30 days is gone. */
  now?: number;
}

export interface OutboxPage {
  /** The messages found, oldest first (newest last). */
  messages: SentMessage[];
  /** The highest number this page read: pass it as `after` to read what came next. */
  cursor: number;
}

function checkOptions(user: unknown, options: ReadOutboxOptions): void {
  if (typeof user !== 'string' || user.length === 0) throw new TypeError('readOutbox: user must be the superapp\'s non-empty id of the user');
  const { after, limit } = options;
  if (after !== undefined && (!Number.isSafeInteger(after) || after < 0)) {
    throw new TypeError('readOutbox: after must be a non-negative integer (the cursor of the previous page)');
  }
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_OUTBOX_PAGE)) {
    throw new TypeError(`readOutbox: limit must be an integer from 1 to ${MAX_OUTBOX_PAGE}`);
  }
}

/**
 * A page of `user`'s outbox, newest last: without `after`, the newest `limit` numbers; with it,
 * the `limit` numbers after `after`. Reads at most `limit` keys, whatever the gaps.
 */
export async function readOutbox(store: KeyValueStore, user: string, options: ReadOutboxOptions = {}): Promise<OutboxPage> {
  checkOptions(user, options);
  const limit = options.limit ?? DEFAULT_OUTBOX_PAGE;
  const now = options.now ?? Date.now();
  const last = integerOf(await store.get(outboxNextKey(user)));
  const from = options.after === undefined ? Math.max(0, last - limit) : Math.min(options.after, last);
  const to = Math.min(from + limit, last);
  const numbers = Array.from({ length: to - from }, (_, i) => from + 1 + i);
  const found = await Promise.all(numbers.map(async (n) => asOutboxMessage(await store.get(outboxKey(user, n)))));
  const messages = found.filter(
    (m): m is SentMessage => m !== undefined && typeof m.sentAt === 'number' && now - m.sentAt < OUTBOX_TTL_MS,
  );
  return { messages, cursor: to };
}
