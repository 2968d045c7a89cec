/**
 * The subscription panel (`wx.requestSubscribeMessage`): one accept/reject toggle per template
 * shown, and "always keep this choice". Templates the host filtered, banned or answered from a
 * kept choice never reach it.
 */
import type { SubscribeChoice, SubscribePromptAnswer, SubscribePromptRequest, PromptRequest } from '@wxbridge/host';
import { checkbox, el } from '../dom';
import { showDialog } from './dialog';

export function subscribePanel(layer: HTMLElement) {
  return ({ app, templates, signal }: SubscribePromptRequest & PromptRequest): Promise<SubscribePromptAnswer> => {
    const toggles = templates.map((template) => ({ id: template.id, ...checkbox(`dialog-subscribe-${template.id}`, template.title, true) }));
    const keep = checkbox('dialog-subscribe-keep', 'Always keep this choice', false);
    const choices = () =>
      Object.fromEntries(toggles.map(({ id, input }): [string, SubscribeChoice] => [id, input.checked ? 'accept' : 'reject']));
    return showDialog<SubscribePromptAnswer>(layer, {
      id: 'subscribe',
      title: 'Receive messages?',
      body: [
        el('p', { text: `${app.appId} would like to send you:` }),
        el('div', { class: 'toggle-list' }, toggles.map((t) => t.row)),
        keep.row,
      ],
      actions: [
        { id: 'cancel', label: 'Cancel', value: () => 'cancel' },
        { id: 'confirm', label: 'Confirm', value: () => ({ choices: choices(), keep: keep.input.checked }), primary: true },
      ],
      signal,
      dismissed: 'cancel',
    });
  };
}
