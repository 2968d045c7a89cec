/**
 * The guest's view of the API catalogue: each API's kind and flags, read from the generated
 * `catalogue-table.ts`. The protocol's catalogue stays the one source; the guest carries only what
 * it uses of it, because every mini program loads the guest (`canIUse` answers from the list the
 * host sends in its welcome: wx.ts).
 */
import { API_LIST } from './catalogue-table';

/**
 * An API's kind by the first letter of its name (`async`, `sync`, `event`, `openType`), as the
 * table writes it: the words would cost every mini program's download more.
 */
export const ASYNC = 'a';
export const SYNC = 's';
export const EVENT = 'e';
export const OPEN_TYPE = 'o';
export type KindLetter = typeof ASYNC | typeof SYNC | typeof EVENT | typeof OPEN_TYPE;

export interface GuestApi {
  /** The first letter of its kind (`ApiKind`). */
  readonly kind: KindLetter;
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
   * `interactive` when they are not to be timed out by default.
   */
  readonly namespace?: string;
}

/** No prototype: `__proto__`, `constructor` and friends are simply unknown names. */
export const apis: Record<string, GuestApi> = Object.create(null);

for (const label of API_LIST.split(',')) {
  // The third slot is an event API's event name, or an async API's namespace parameter.
  const [name, flags, slot] = label.split(':') as [string, string, string?];
  const has = (flag: string) => flags.includes(flag);
  apis[name] = {
    kind: flags[0] as KindLetter,
    tap: has('t'),
    interactive: has('i'),
    grantsTap: has('g'),
    single: has('n'),
    resolvable: has('r'),
    timeout: has('m'),
    [flags[0] === EVENT ? 'event' : 'namespace']: slot,
  };
}

export function apiOf(name: unknown): GuestApi | undefined {
  return typeof name === 'string' ? apis[name] : undefined;
}
