/**
 * One dialog on the superapp's dialog layer (over the mini program's screen): a title, a body and
 * buttons. It settles with the value of the button pressed, or with `dismissed` when the user
 * presses Escape or the host's signal fires (the mini program left or reloaded), and removes
 * itself either way.
 *
 * No keyjacking: a mini program can open a dialog at the moment the user is pressing keys for it
 * ("press Enter to jump"). So the dialog takes the focus itself (never a button, so Enter and
 * Space press nothing), its controls are disabled for ACTIVATION_DELAY_MS after it opens (a click
 * or key already on its way lands on nothing), the mini program's frame and everything else
 * behind the layer is inert while a dialog is open (its keys cannot reach the game, Tab cannot
 * walk into the dialog from it), and Escape answers like the refusing button.
 */
import { el } from '../dom';

/** How long a new dialog's buttons and toggles cannot be pressed. */
const ACTIVATION_DELAY_MS = 500;

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
  /** The answer to Escape and to the signal: the refusing button's (deny, cancel, unchanged settings). */
  dismissed: T;
}

/** Makes what is behind the layer (the mini program's frame) inert while the layer holds a dialog. */
function coverBehind(layer: HTMLElement): void {
  const open = layer.childElementCount > 0;
  for (const sibling of Array.from(layer.parentElement?.children ?? [])) {
    if (sibling !== layer) (sibling as HTMLElement).inert = open;
  }
}

export function showDialog<T>(layer: HTMLElement, spec: DialogSpec<T>): Promise<T> {
  if (spec.signal.aborted) return Promise.resolve(spec.dismissed);
  return new Promise<T>((resolve) => {
    const titleId = `dialog-${spec.id}-title-${Math.random().toString(36).slice(2)}`;
    let armed = false;
    const buttons = spec.actions.map((action) => {
      const button = el('button', {
        testid: action.testid ?? `dialog-${spec.id}-${action.id}`,
        class: action.primary ? 'primary' : '',
        text: action.label,
        attrs: { type: 'button' },
      });
      button.addEventListener('click', () => armed && close(action.value()));
      return button;
    });
    const dialog = el(
      'div',
      { testid: `dialog-${spec.id}`, class: 'dialog', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, tabindex: '-1' } },
      [el('h2', { text: spec.title, attrs: { id: titleId } }), el('div', { class: 'dialog-body' }, spec.body), el('div', { class: 'dialog-actions' }, buttons)],
    );
    const backdrop = el('div', { class: 'dialog-backdrop' }, [dialog]);
    // Every control is disabled until the delay has passed: a disabled control takes no click, no key, no focus.
    const controls = Array.from(dialog.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input, select, textarea')).filter((c) => !c.disabled);
    for (const control of controls) control.disabled = true;
    const arm = setTimeout(() => {
      armed = true;
      for (const control of controls) control.disabled = false;
    }, ACTIVATION_DELAY_MS);
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      close(spec.dismissed);
    });
    // A click on the shade keeps the focus on the dialog, where Escape is heard.
    backdrop.addEventListener('mousedown', (event) => {
      if (event.target !== backdrop) return;
      event.preventDefault();
      dialog.focus();
    });
    const onAbort = () => close(spec.dismissed);
    const before = document.activeElement;
    function close(value: T) {
      clearTimeout(arm);
      spec.signal.removeEventListener('abort', onAbort);
      const hadFocus = backdrop.contains(document.activeElement);
      backdrop.remove();
      coverBehind(layer);
      // Back to where the user was (the game), unless the focus has moved elsewhere meanwhile.
      if (hadFocus && before instanceof HTMLElement && before.isConnected && !before.closest('[inert]')) before.focus();
      resolve(value);
    }
    spec.signal.addEventListener('abort', onAbort, { once: true });
    layer.append(backdrop);
    coverBehind(layer);
    dialog.focus();
  });
}
