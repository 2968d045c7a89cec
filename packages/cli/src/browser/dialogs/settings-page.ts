/** The settings page of `wx.openSetting`: one toggle per scope the mini program has asked for. */
import { BUILT_IN_SCOPES, type SettingsPromptRequest } from '@wxbridge/host';
import { checkbox, el } from '../dom';
import { showDialog } from './dialog';

export function settingsPage(layer: HTMLElement) {
  return ({ app, authSetting, signal }: SettingsPromptRequest): Promise<Record<string, boolean>> => {
    const scopes = Object.keys(authSetting);
    const toggles = scopes.map((scope) => {
      const label = Object.prototype.hasOwnProperty.call(BUILT_IN_SCOPES, scope) ? `${BUILT_IN_SCOPES[scope]} (${scope})` : scope;
      return { scope, ...checkbox(`dialog-settings-${scope}`, label, authSetting[scope] === true) };
    });
    return showDialog(layer, {
      id: 'settings',
      title: `Settings of ${app.appId}`,
      body:
        toggles.length === 0
          ? [el('p', { class: 'muted', text: 'This mini program has not asked for any permission yet.' })]
          : [el('p', { text: 'Allow this mini program to use:' }), el('div', { class: 'toggle-list' }, toggles.map((t) => t.row))],
      actions: [{ id: 'done', label: 'Done', value: () => Object.fromEntries(toggles.map((t) => [t.scope, t.input.checked])), primary: true }],
      signal,
      dismissed: { ...authSetting },
    });
  };
}
