/**
 * Building DOM without innerHTML: every text goes in as `textContent`, so nothing a mini program
 * sends (scope names, descriptions, template titles, results) can become markup.
 */

export interface ElementSpec {
  /** `data-testid`, the tests' handle on the element. */
  testid?: string;
  class?: string;
  text?: string;
  /** Attributes, set with setAttribute (values are text). */
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  spec: ElementSpec = {},
  children: ReadonlyArray<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (spec.testid) element.dataset.testid = spec.testid;
  if (spec.class) element.className = spec.class;
  if (spec.text !== undefined) element.textContent = spec.text;
  for (const [name, value] of Object.entries(spec.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) element.append(child);
  return element;
}

/** A checkbox with its label; `input` is the box. */
export function checkbox(testid: string, label: string, checked: boolean): { row: HTMLLabelElement; input: HTMLInputElement } {
  const input = el('input', { testid, attrs: { type: 'checkbox' } });
  input.checked = checked;
  return { row: el('label', { class: 'check-row' }, [input, el('span', { text: label })]), input };
}

/** The element with this `data-testid`; throws if the page lacks it. */
export function byTestId<T extends HTMLElement = HTMLElement>(testid: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`the page has no element [data-testid="${testid}"]`);
  return found;
}
