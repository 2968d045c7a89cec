/**
 * The schemas `canIUse` knows below the API names, as one compact text the host sends in its
 * welcome (`schemas`), so the guest every mini program loads need not carry them:
 * `name(child,child(grandchild))`, comma-separated. Each API has its methods (`object`,
 * `success`, `return`, `callback`), their fields and enum values, as the protocol's `canIUse`
 * answers them; open-types are asked about below `button.open-type`.
 */
import { catalogue, type ApiEntry } from './catalogue';
import type { FieldsSpec, ValueSpec } from './spec';

interface Children {
  [name: string]: Children | undefined;
}

/** A name as it goes into the text: the text's delimiters cannot be part of one. */
function safe(name: string): string {
  if (/[(),]/.test(name) || name === '') throw new Error(`catalogue name ${JSON.stringify(name)} cannot go into the schema tree`);
  return name;
}

function render(node: string, children: Children | undefined): string {
  const inner = Object.entries(children ?? {}).map(([child, grand]) => render(safe(child), grand));
  return inner.length ? `${node}(${inner.join(',')})` : node;
}

function specChildren(spec: ValueSpec | undefined): Children | undefined {
  if (!spec) return undefined;
  if (spec.type === 'object') return fieldsChildren(spec.fields);
  if ((spec.type === 'string' || spec.type === 'number') && spec.enum) {
    return Object.fromEntries((spec.enum as readonly (string | number)[]).map((value) => [String(value), undefined]));
  }
  return undefined;
}

function fieldsChildren(fields: FieldsSpec | undefined): Children | undefined {
  return fields && Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, specChildren(spec)]));
}

function methods(entry: ApiEntry): Children {
  const children: Children = {};
  if (entry.kind !== 'event') children.object = fieldsChildren(entry.params);
  if (entry.kind === 'async') children.success = fieldsChildren(entry.success);
  if (entry.kind === 'sync' && entry.returns) children.return = specChildren(entry.returns);
  if (entry.kind === 'event') children.callback = fieldsChildren(entry.success);
  return children;
}

let memo: string | undefined;

/** The catalogue's schema tree (computed once). */
export function schemaTree(): string {
  if (memo !== undefined) return memo;
  const apis = Object.entries(catalogue) as Array<[string, ApiEntry]>;
  if (Object.prototype.hasOwnProperty.call(catalogue, 'button')) throw new Error('an API named button would hide button.open-type');
  const trees = apis.map(([name, entry]) => render(safe(name), entry.kind === 'openType' ? {} : methods(entry)));
  const buttons = apis.filter(([, entry]) => entry.kind === 'openType' || entry.button).map(([name]) => [name, undefined]);
  trees.push(render('button', { 'open-type': Object.fromEntries(buttons) }));
  return (memo = trees.join(','));
}
