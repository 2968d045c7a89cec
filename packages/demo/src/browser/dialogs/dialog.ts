/**
 * One dialog on the superapp's dialog layer (over the mini program's screen): a title, a body and
 * buttons. It settles with the value of the button pressed, or with `dismissed` when the host's
 * signal fires (the mini program left or reloaded), and removes itself either way.
 */
import { el } from '../dom';

export interface DialogAction<T> {
  /** The button's `data-testid` suffix (`dialog-<id>-<action>`), unless `testid` is given. */
  id: string;
  label: string;
  /** The dialog's answer when this button is pressed (read at that moment). */
  value: () => T;
  primary?: boolean;
  testid?: string;
}

export interface DialogSpec<T> {
  /** `data-testid="dialog-<id>"`. */
  id: string;
  title: string;
  body: ReadonlyArray<Node | string>;
  actions: ReadonlyArray<DialogAction<T>>;
  /** The host's signal: when it fires the dialog closes and answers `dismissed`. */
  signal: AbortSignal;
  dismissed: T;
}

export function showDialog<T>(layer: HTMLElement, spec: DialogSpec<T>): Promise<T> {
  if (spec.signal.aborted) return Promise.resolve(spec.dismissed);
  return new Promise<T>((resolve) => {
    const titleId = `dialog-${spec.id}-title-${Math.random().toString(36).slice(2)}`;
    const buttons = spec.actions.map((action) => {
      const button = el('button', {
        testid: action.testid ?? `dialog-${spec.id}-${action.id}`,
        class: action.primary ? 'primary' : '',
        text: action.label,
        attrs: { type: 'button' },
      });
      button.addEventListener('click', () => close(action.value()));
      return button;
    });
    const dialog = el('div', { testid: `dialog-${spec.id}`, class: 'dialog', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId } }, [
      el('h2', { text: spec.title, attrs: { id: titleId } }),
      el('div', { class: 'dialog-body' }, spec.body),
      el('div', { class: 'dialog-actions' }, buttons),
    ]);
    const backdrop = el('div', { class: 'dialog-backdrop' }, [dialog]);
    const onAbort = () => close(spec.dismissed);
    function close(value: T) {
      spec.signal.removeEventListener('abort', onAbort);
      backdrop.remove();
      resolve(value);
    }
    spec.signal.addEventListener('abort', onAbort, { once: true });
    layer.append(backdrop);
    (buttons.find((_, i) => spec.actions[i]!.primary) ?? buttons[0])?.focus();
  });
}
