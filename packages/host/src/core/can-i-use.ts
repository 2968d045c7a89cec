/**
 * The welcome's `canIUse` list (docs/protocol.md, section 6): every schema `wx.canIUse` answers
 * `true` for on a connection, worked out here from the catalogue's schema tree and the capabilities
 * the welcome offers, so that the guest every mini program loads answers by looking the schema up.
 */
import { lookupApi, schemaTree, type SchemaTree } from '@wxbridge/protocol';

/** Every path below `prefix` in `tree`, depth first. */
function pathsBelow(tree: SchemaTree, prefix: string, out: string[]): void {
  for (const name of Object.keys(tree)) {
    const path = `${prefix}.${name}`;
    out.push(path);
    pathsBelow(tree[name]!, path, out);
  }
}

/**
 * Every schema `canIUse` answers `true` for where the host offers `capabilities`:
 * - each offered API that is not an open-type, with every path below it in the schema tree (its
 *   methods, their fields and enum values); for an API with a namespace parameter, the paths of
 *   two names are instead its offered capabilities `<api>.<name>` (the integrator's own APIs);
 * - `button`, `button.open-type`, and `button.open-type.<name>` for each offered name below it.
 */
export function canIUseList(capabilities: readonly string[]): string[] {
  const offered = new Set(capabilities);
  const out = ['button', 'button.open-type'];
  for (const [name, below] of Object.entries(schemaTree())) {
    if (name === 'button') {
      for (const type of Object.keys(below['open-type']!)) if (offered.has(type)) out.push(`button.open-type.${type}`);
      continue;
    }
    const namespace = lookupApi(name)!.namespace !== undefined;
    // The integrator's own APIs: a capability of two names, the first this API's.
    if (namespace) out.push(...capabilities.filter((capability) => capability.split('.').length === 2 && capability.startsWith(`${name}.`)));
    if (lookupApi(name)!.kind === 'openType' || !offered.has(name)) continue;
    out.push(name);
    for (const [method, fields] of Object.entries(below)) {
      if (!namespace) out.push(`${name}.${method}`);
      pathsBelow(fields, `${name}.${method}`, out);
    }
  }
  return out;
}

/** The last list made, by the capabilities it was made for: a host offers the same ones to every welcome of an app. */
let last: { key: string; list: string[] } | undefined;

/** `canIUseList`, frozen, made again only when the capabilities differ from the last call's. */
export function canIUseOf(capabilities: readonly string[]): string[] {
  const key = capabilities.join(',');
  if (last?.key !== key) last = { key, list: Object.freeze(canIUseList(capabilities)) as string[] };
  return last.list;
}
