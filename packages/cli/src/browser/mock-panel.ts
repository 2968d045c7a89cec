/**
 * The mock panel beside the mini program: what each API answers, edited live (the next call uses
 * it, no reload) and kept in this browser's localStorage by the mock host's store. "Reset" puts
 * every API back to the demo's defaults and forgets the user's decisions.
 */
import { MOCK_APIS, settingFromText, type MockApi, type MockHost, type MockSettingText } from '@wxbridge/mock';
import { el } from './dom';
import { panelForm, type PanelForm } from './panel-form';

/** The APIs the v2 login standard answers, not the mock, when the open-platform server runs. */
const V2_LOGIN_APIS: readonly MockApi[] = ['login', 'checkSession'];

export interface MockPanelOptions {
  /** Login is v2 against this open-platform server: its APIs leave the panel, with a note saying so. */
  v2LoginServer?: string;
}

export function mountMockPanel(root: HTMLElement, mock: MockHost, options: MockPanelOptions = {}): void {
  const forms = new Map<MockApi, PanelForm>();
  const refresh = () => {
    for (const [api, form] of forms) form.show(mock.settings.get(api));
  };

  async function apply(api: MockApi, text: MockSettingText) {
    const form = forms.get(api)!;
    try {
      await mock.set(api, settingFromText(api, text));
    } catch (error) {
      form.report((error as Error).message, 'error');
      return;
    }
    form.show(mock.settings.get(api));
    form.report('Applied: the next call answers with it.', 'ok');
  }

  const v2 = options.v2LoginServer;
  for (const api of MOCK_APIS) {
    if (v2 === undefined || !V2_LOGIN_APIS.includes(api)) forms.set(api, panelForm(api, (a, text) => void apply(a, text)));
  }
  const reset = el('button', { testid: 'panel-reset', text: 'Reset', attrs: { type: 'button' } });
  const status = el('span', { testid: 'panel-status', class: 'muted', attrs: { role: 'status' } });
  reset.addEventListener('click', async () => {
    try {
      await mock.reset();
    } catch (error) {
      status.textContent = `Reset failed: ${(error as Error)?.message ?? String(error)}`;
      return;
    }
    refresh();
    for (const form of forms.values()) form.report('', 'ok');
    status.textContent = 'Every API is back to its default; remembered decisions are forgotten.';
  });

  root.append(
    el('div', { class: 'panel-head' }, [el('h2', { text: 'Mock panel' }), reset]),
    el('p', { class: 'muted', text: 'What each API answers. Apply changes the next call; settings are kept in this browser.' }),
    ...(v2 === undefined
      ? []
      : [el('p', { testid: 'panel-v2-login', class: 'muted', text: `${V2_LOGIN_APIS.join(' and ')}: the v2 login standard, redeemed by the open-platform server at ${v2}, not the mock.` })]),
    status,
    ...[...forms.values()].map((form) => form.element),
  );
  void mock.ready.then(refresh);
}
