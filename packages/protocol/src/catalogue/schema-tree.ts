/**
 * The schemas `canIUse` knows below the API names, as one tree of plain objects the host sends in
 * its welcome (`schemas`), so the guest every mini program loads need not carry them: each key is
 * a name known below its parent, each value the names below it (`{}` for none). Each API has its
 * methods (`object`, `success`, `return`, `callback`), their fields and enum values, as the
 * protocol's `canIUse` answers them; open-types are asked about below `button.open-type`.
 */
import { hasOwn } from '../objects';
import { catalogue } from './catalogue';
import type { ApiEntry } from './entry';
import type { FieldsSpec, ValueSpec } from './spec';

/** `{getSetting: {object: {withSubscriptions: {}}, success: {authSetting: {}}}, button: {…}}`. */
export interface SchemaTree {
  readonly [name: string]: SchemaTree;
}

const LEAF: SchemaTree = Object.freeze({});

/** A name as it goes into the tree: `canIUse` splits schemas at dots, so a name cannot hold one. */
function node(entries: Array<[string, SchemaTree]>): SchemaTree {
  for (const [name] of entries) {
    if (name === '' || name.includes('.')) throw new Error(`catalogue name ${JSON.stringify(name)} cannot go into the schema tree`);
  }
  return Object.freeze(Object.fromEntries(entries));
}

function specChildren(spec: ValueSpec | undefined): SchemaTree {
  if (!spec) return LEAF;
  if (spec.type === 'object') return fieldsChildren(spec.fields);
  if ((spec.type === 'string' || spec.type === 'number') && spec.enum) {
    return node((spec.enum as readonly (string | number)[]).map((value) => [String(value), LEAF]));
  }
  return LEAF;
}

function fieldsChildren(fields: FieldsSpec | undefined): SchemaTree {
  return node(Object.entries(fields ?? {}).map(([name, spec]) => [name, specChildren(spec)]));
}

function methods(entry: ApiEntry): SchemaTree {
  const children: Array<[string, SchemaTree]> = [];
  if (entry.kind !== 'event') children.push(['object', fieldsChildren(entry.params)]);
  if (entry.kind === 'async') children.push(['success', fieldsChildren(entry.success)]);
  if (entry.kind === 'sync' && entry.returns) children.push(['return', specChildren(entry.returns)]);
  if (entry.kind === 'event') children.push(['callback', fieldsChildren(entry.success)]);
  return node(children);
}

let memo: SchemaTree | undefined;

/** The catalogue's schema tree (computed once, frozen). */
export function schemaTree(): SchemaTree {
  if (memo !== undefined) return memo;
  const apis = Object.entries(catalogue) as Array<[string, ApiEntry]>;
  if (hasOwn.call(catalogue, 'button')) throw new Error('an API named button would hide button.open-type');
  const trees: Array<[string, SchemaTree]> = apis.map(([name, entry]) => [name, entry.kind === 'openType' ? LEAF : methods(entry)]);
  const buttons = apis.filter(([, entry]) => entry.kind === 'openType' || entry.button).map(([name]): [string, SchemaTree] => [name, LEAF]);
  trees.push(['button', node([['open-type', node(buttons)]])]);
  return (memo = node(trees));
}
