/**
 * The guest's view of the API catalogue: each API's kind and flags, and the schemas `canIUse`
 * knows, read from the generated `catalogue-table.ts`. The protocol's catalogue stays the one
 * source; the guest carries only what it uses of it, because every mini program loads the guest.
 */
import type { ApiKind } from '@wxbridge/protocol';
import { API_TREE } from './catalogue-table';

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
}

type Tree = { [name: string]: Tree | undefined };
/** No prototype: `__proto__`, `constructor` and friends are simply unknown names. */
const tree = (): Tree => Object.create(null);

const KINDS: Record<string, ApiKind> = { a: 'async', s: 'sync', e: 'event', o: 'openType' };

/** Every API, in catalogue order. */
export const apis: Record<string, GuestApi> = tree() as never;
/** The schemas `canIUse` knows: the APIs, then their methods, fields and enum values. */
const schemas = tree();
{
  const stack = [schemas];
  let last = schemas;
  for (const token of API_TREE.match(/[^(),]+|./g)!) {
    if (token === '(') stack.push(last);
    else if (token === ')') stack.pop();
    else if (token !== ',') {
      const [name, flags, event] = token.split(':') as [string, string?, string?];
      stack[stack.length - 1]![name] = last = tree();
      const has = (flag: string) => flags!.includes(flag);
      if (flags) {
        apis[name] = {
          kind: KINDS[flags[0]!]!,
          tap: has('t'),
          interactive: has('i'),
          grantsTap: has('g'),
          single: has('n'),
          resolvable: has('r'),
          timeout: has('m'),
          event,
        };
      }
    }
  }
}

export function apiOf(name: unknown): GuestApi | undefined {
  return typeof name === 'string' ? apis[name] : undefined;
}

/**
 * `canIUse(schema)`: the same answers as the protocol's `canIUse`, from the tree.
 * @param supported whether the connected host offers an API (from the welcome's capability list)
 */
export function canIUse(schema: unknown, supported: (api: string) => boolean): boolean {
  if (typeof schema !== 'string' || schema.length === 0 || schema.length > 256) return false;
  // The integrator's own APIs: `invokeNativePlugin.<name>`, straight from the capability list.
  if (/^invokeNativePlugin\.[^.]*$/.test(schema)) return supported(schema);
  const path = schema.split('.');
  let node: Tree | undefined = schemas;
  for (const name of path) node = node?.[name];
  // `button.open-type.<name>` depends on the open-type, anything else on the API it names (open-types
  // are not wx methods).
  const api = path[0] === 'button' ? path[2] : path[0];
  return !!node && apis[path[0]!]?.kind !== 'openType' && (api === undefined || supported(api));
}
