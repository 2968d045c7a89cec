/**
 * The superapp's inbox: the subscription messages the open-platform server accepted for the
 * signed-in user (its outbox, read through `GET /__wxbridge/outbox` with the page's token), newest
 * first. It asks for what came after the last one it has every `POLL_MS`, so a message a backend
 * sends shows within a second.
 */
import type { OutboxPage, SentMessage } from '@wxbridge/server';
import { OUTBOX_PATH, TOKEN_HEADER, type PagePlatform } from '../platform-wire';
import { el } from './dom';

const POLL_MS = 1000;
const KEEP = 50;

function messageItem(message: SentMessage): HTMLLIElement {
  const fields = Object.entries(message.data).map(([keyword, { value }]) =>
    el('div', { class: 'inbox-field' }, [el('span', { class: 'muted', text: `${keyword} ` }), el('span', { text: value })]),
  );
  const when = new Date(message.sentAt).toLocaleTimeString();
  const item = el('li', { testid: 'inbox-message', class: 'inbox-message' }, [
    el('div', { class: 'inbox-head' }, [el('strong', { text: message.title }), el('span', { class: 'muted', text: ` ${message.appId} · ${when}` })]),
    ...fields,
  ]);
  item.dataset.templateId = message.templateId;
  item.dataset.msgid = String(message.msgid);
  return item;
}

export function mountInbox(root: HTMLElement, platform: PagePlatform): void {
  const list = el('ol', { testid: 'inbox-list', class: 'inbox-list' });
  const status = el('p', { testid: 'inbox-status', class: 'muted', text: 'No message yet.', attrs: { role: 'status' } });
  root.append(
    el('h2', { text: 'Inbox' }),
    el('p', { class: 'muted', text: `Subscription messages the open-platform server (${platform.server}) sent to ${platform.user}.` }),
    status,
    list,
  );
  let cursor: number | undefined;
  const poll = async () => {
    try {
      const response = await fetch(`${OUTBOX_PATH}${cursor === undefined ? '' : `?after=${cursor}`}`, { headers: { [TOKEN_HEADER]: platform.token }, cache: 'no-store' });
      if (!response.ok) throw new Error(`${response.status} ${((await response.json()) as { error?: string }).error ?? ''}`);
      const page = (await response.json()) as OutboxPage;
      for (const message of page.messages) list.prepend(messageItem(message));
      while (list.childElementCount > KEEP) list.lastElementChild!.remove();
      cursor = page.cursor;
      status.textContent = list.childElementCount === 0 ? 'No message yet.' : '';
    } catch (error) {
      status.textContent = `Cannot read the inbox: ${(error as Error).message}`;
    }
    setTimeout(() => void poll(), POLL_MS);
  };
  void poll();
}
