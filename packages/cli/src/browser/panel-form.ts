/**
 * The mock panel's form for one API: its preset, errno / errCode / reason of a fail, latency, and
 * free-form JSON merged into the result. Apply reads the fields (a bad one is named inline) and
 * hands the setting on; the form then shows what the mock host really keeps.
 */
import { MOCK_PRESETS, settingToText, type MockApi, type MockPreset, type MockSetting, type MockSettingText } from '@wxbridge/mock';
import { lookupApi } from '@wxbridge/protocol';
import { el } from './dom';

/** What the panel calls each API (two of them are features, not APIs). */
const API_LABELS: Partial<Record<MockApi, string>> = {
  privacy: 'privacy guideline (gated APIs)',
  soter: 'SOTER biometrics (3 APIs)',
};

const PRESET_LABELS: Record<MockPreset, string> = {
  success: 'success',
  deny: 'deny (user refuses)',
  cancel: 'cancel',
  notEnrolled: 'notEnrolled (no biometrics)',
  timeout: 'timeout (never answers)',
  error: 'error',
  ask: "ask (the superapp's dialog)",
};

/** What the API's catalogue entry adds: the scope the host checks before the API's own answer. */
function scopeNote(api: MockApi): string | undefined {
  const scope = lookupApi(api)?.scope;
  if (!scope) return undefined;
  return scope.prompt
    ? `Asks for ${scope.name} first, once: the authorize setting answers.`
    : `Needs ${scope.name}, granted by wx.authorize (the authorize setting).`;
}

export interface PanelForm {
  readonly element: HTMLElement;
  /** Fills the fields with `setting`. */
  show(setting: MockSetting): void;
  /** The inline message under the form: an error, a note that the setting applies, or (pending) none yet. */
  report(message: string, kind: 'error' | 'ok' | 'pending'): void;
}

export function panelForm(api: MockApi, apply: (api: MockApi, text: MockSettingText) => void): PanelForm {
  const id = (field: string) => `panel-${api}-${field}`;
  const preset = el('select', { testid: id('preset') }, MOCK_PRESETS[api].map((p) => el('option', { text: PRESET_LABELS[p], attrs: { value: p } })));
  const input = (field: string, placeholder: string, inputmode = 'numeric') =>
    el('input', { testid: id(field), attrs: { placeholder, inputmode, autocomplete: 'off' } });
  const errno = input('errno', 'errno');
  const errCode = input('errcode', 'errCode');
  const reason = input('reason', 'reason (fail text)', 'text');
  const latency = input('latency', 'latency ms');
  const data = el('textarea', { testid: id('data'), attrs: { rows: '3', spellcheck: 'false', placeholder: '{"custom": "fields merged into the result"}' } });
  const message = el('p', { testid: id('message'), class: 'panel-message', attrs: { 'aria-live': 'polite' } });
  const current = el('span', { testid: id('current'), class: 'badge' });
  const applyButton = el('button', { testid: id('apply'), class: 'primary', text: 'Apply', attrs: { type: 'button' } });
  applyButton.addEventListener('click', () => {
    report('', 'pending');
    apply(api, { preset: preset.value, errno: errno.value, errCode: errCode.value, reason: reason.value, latencyMs: latency.value, data: data.value });
  });
  function report(text: string, kind: 'error' | 'ok' | 'pending') {
    message.textContent = text;
    message.dataset.kind = kind;
    message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  }
  const labelled = (text: string, control: HTMLElement) => el('label', { class: 'field' }, [el('span', { text }), control]);
  const note = scopeNote(api);

  const element = el('details', { testid: id('form'), class: 'panel-form' }, [
    el('summary', { testid: id('summary') }, [el('span', { class: 'api-name', text: API_LABELS[api] ?? api }), current]),
    ...(note === undefined ? [] : [el('p', { testid: id('note'), class: 'muted panel-note', text: note })]),
    el('div', { class: 'field-row' }, [labelled('preset', preset), labelled('latency (ms)', latency)]),
    el('div', { class: 'field-row' }, [labelled('errno', errno), labelled('errCode', errCode), labelled('reason', reason)]),
    labelled('data (JSON object merged into the result)', data),
    el('div', { class: 'field-row end' }, [message, applyButton]),
  ]);

  return {
    element,
    show(setting) {
      const text = settingToText(setting);
      preset.value = text.preset;
      errno.value = text.errno;
      errCode.value = text.errCode;
      reason.value = text.reason;
      latency.value = text.latencyMs;
      data.value = text.data;
      current.textContent = setting.preset;
    },
    report,
  };
}
