/**
 * The reference model of `canIUse(schema)`, answered from the full catalogue and a host's
 * capability list, synchronously, never throwing. Tests hold the guest's `canIUse` (which answers
 * from the welcome's schema tree) to it; nothing ships it.
 *
 * Forms: `api`, `api.object.param[.value]`, `api.success.field[.sub]`,
 * `api.return.field[.sub]` (sync APIs), `api.callback.field` (events),
 * `button.open-type.name`, and `api.<name>` for an API whose entry has a `namespace` (the
 * integrator's own APIs, listed as such in the capability list).
 */
import { hasOwn, lookupApi, type ApiEntry, type FieldsSpec, type ValueSpec } from '@wxbridge/protocol';

function matchSpec(spec: ValueSpec | undefined, path: string[], i: number): boolean {
  if (!spec) return false;
  if (i === path.length) return true;
  if (spec.type === 'object') return matchFields(spec.fields, path, i);
  if ((spec.type === 'string' || spec.type === 'number') && spec.enum && i === path.length - 1) {
    return (spec.enum as readonly (string | number)[]).some((value) => String(value) === path[i]);
  }
  return false;
}

function matchFields(fields: FieldsSpec | undefined, path: string[], i: number): boolean {
  if (i === path.length) return true;
  const name = path[i]!;
  return !!fields && hasOwn.call(fields, name) && matchSpec(fields[name], path, i + 1);
}

function matchMethod(entry: ApiEntry, method: string, path: string[]): boolean {
  switch (method) {
    case 'object':
      return entry.kind !== 'event' && matchFields(entry.params, path, 2);
    case 'success':
      return entry.kind === 'async' && matchFields(entry.success, path, 2);
    case 'return':
      return entry.kind === 'sync' && matchSpec(entry.returns, path, 2);
    case 'callback':
      return entry.kind === 'event' && matchFields(entry.success, path, 2);
    default:
      return false;
  }
}

/**
 * @param schema what the mini program asks about
 * @param supported whether the connected host offers an API (from the welcome's capability list)
 */
export function canIUse(schema: unknown, supported: (api: string) => boolean): boolean {
  if (typeof schema !== 'string' || schema.length === 0 || schema.length > 256) return false;
  const path = schema.split('.');
  const name = path[0]!;
  if (name === 'button') {
    if (path[1] !== 'open-type') return path.length === 1;
    if (path.length === 2) return true;
    const entry = lookupApi(path[2]);
    return path.length === 3 && !!entry && (entry.kind === 'openType' || !!entry.button) && supported(path[2]!);
  }
  const entry = lookupApi(name);
  // The integrator's own APIs (`invokeNativePlugin.<name>`): an entry with a namespace lists them
  // in the capability list as `<api>.<name>`.
  if (entry?.namespace !== undefined && path.length === 2) return supported(schema);
  // Open-types are not wx methods: they are asked about as `button.open-type.<name>`.
  if (!entry || entry.kind === 'openType' || !supported(name)) return false;
  return path.length === 1 || matchMethod(entry, path[1]!, path);
}
