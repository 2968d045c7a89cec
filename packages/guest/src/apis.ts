/**
 * The guest's view of the API catalogue: each API's kind and flags, read from the generated
 * `catalogue-table.ts`, and `canIUse`, which answers the schemas below the API names from the
 * tree the host sends in its welcome (`schemas`). The protocol's catalogue stays the one source;
 * the guest carries only what it uses of it, because every mini program loads the guest.
 */
import { hasOwn, isPlainObject, type ApiKind } from '@wxbridge/protocol';
import { API_LIST } from './catalogue-table';

export interface GuestApi {
  readonly kind: ApiKind;
  readonly tap: boolean;
  readonly interactive: boolean;
  readonly grantsTap: boolean;
  /** For `event` APIs: only the last registered listener is active. */
  readonly single: boolean;
  /** For `event` APIs: the listener is called as `(resolve, info)`. */
  readonly resolvable: boolean;
  /** The API has a `timeout` parameter. */
  readonly timeout: boolean;
  /** For `event` APIs: the event name on the wire. */
  readonly event?: string;
  /**
   * For `async` APIs: the parameter whose value names one of the integrator's own APIs
   * (`invokeNativePlugin`'s `api_name`). They are listed as `<api>.<value>` in the welcome's
   * capabilities (what `canIUse` answers) and `interactive` (not timed out by default).
   */
  readonly namespace?: string;
}

/** No prototype: `__proto__`, `constructor` and friends are simply unknown names. */
export const apis: Record<string, GuestApi> = Object.create(null);

const KINDS: Record<string, ApiKind> = { a: 'async', s: 'sync', e: 'event', o: 'openType' };

for (const label of API_LIST.split(',')) {
  // The third slot is an event API's event name, or an async API's namespace parameter.
  const [name, flags, slot] = label.split(':') as [string, string, string?];
  const has = (flag: string) => flags.includes(flag);
  apis[name] = {
    kind: KINDS[flags[0]!]!,
    tap: has('t'),
    interactive: has('i'),
    grantsTap: has('g'),
    single: has('n'),
    resolvable: has('r'),
    timeout: has('m'),
    [flags[0] === 'e' ? 'event' : 'namespace']: slot,
  };
}

export function apiOf(name: unknown): GuestApi | undefined {
  return typeof name === 'string' ? apis[name] : undefined;
}

/**
 * `canIUse(schema)`: the same answers as the protocol's `canIUse`.
 * @param supported whether the host offers an API (the capability list of its last welcome, or of the snapshot)
 * @param schemas the schema tree (`schemaTree()`) of the same; without one, only API names are known
 */
export function canIUse(schema: unknown, supported: (api: string) => boolean, schemas?: unknown): boolean {
  if (typeof schema !== 'string' || !schema || schema.length > 256) return false;
  const path = schema.split('.');
  const entry = apis[path[0]!];
  // The integrator's own APIs, `<api>.<name>` for an API with a namespace: from the capability list.
  if (path.length === 2 && entry?.namespace) return supported(schema);
  // Own names only: the tree is plain objects, whose prototype's names are not schemas. A tree that
  // throws when read (a Proxy, a getter: only a same-realm host could send one) knows nothing.
  let node = schemas;
  let known = false;
  try {
    for (const name of path) node = isPlainObject(node) && hasOwn.call(node, name) ? node[name] : undefined;
    known = isPlainObject(node);
  } catch {
    // known stays false
  }
  // An API name alone is known without the host's tree.
  if (path.length === 1 && entry) known = true;
  // `button.open-type.<name>` depends on the open-type, anything else on the API it names (open-types
  // are not wx methods).
  const api = path[0] === 'button' ? path[2] : path[0];
  return known && entry?.kind !== 'openType' && (api === undefined || supported(api));
}
