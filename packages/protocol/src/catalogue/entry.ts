/**
 * What one row of the API catalogue says about an API: its kind, its parameters and results as
 * value specs, and the gates the host applies before a call runs.
 */
import type { FieldsSpec, ValueSpec } from './spec';

/**
 * - `async`: a call with `success`/`fail`/`complete` or a Promise, answered by the host.
 * - `sync`: answered on the guest from the handshake snapshot; throws on error.
 * - `event`: `wx.onX(listener)`; the host emits, the guest's listener runs.
 * - `openType`: a `<button open-type="X">` capability, invoked by the runtime on a tap.
 */
export type ApiKind = 'async' | 'sync' | 'event' | 'openType';

export interface ApiEntry {
  readonly kind: ApiKind;
  /** The protocol version the API appeared in. */
  readonly since: number;
  /** One line for the docs. */
  readonly doc: string;
  /** Parameters (fields of the options object; for `sync`, positional in this order). */
  readonly params?: FieldsSpec;
  /** Fields of the success result, besides `errMsg`. */
  readonly success?: FieldsSpec;
  /**
   * Fields of the fail result besides `errMsg`. `errno` and `errCode` are always allowed; listing
   * one here makes it required in the API's fail type (as the platform typings have it).
   */
  readonly fail?: FieldsSpec;
  /** For results keyed by the caller's data (template ids): the spec of every other key. */
  readonly successValues?: ValueSpec;
  /** For `sync`: the returned value. */
  readonly returns?: ValueSpec;
  /** Only inside a user tap (`<api>:fail can only be invoked by user TAP gesture.`). */
  readonly tap?: boolean;
  /** Gated on the user's agreement to the privacy guideline. */
  readonly privacy?: boolean;
  /**
   * The authorization scope it needs (e.g. `scope.userLocation`): granted, the call goes on;
   * denied, `<api>:fail auth deny` (errno 103) with no prompt; never asked, the scope prompt when
   * `prompt` is true, else `<api>:fail scope unauthorized` (errno 103), as `getUserInfo` has it.
   */
  readonly scope?: { readonly name: string; readonly prompt: boolean };
  /**
   * Shows the user a sheet (a dialog or system sheet the user must answer). Every sheet goes
   * through the host's one consent path: one at a time per mini program and user, rate-limited,
   * closed when the call is abandoned.
   */
  readonly sheet?: boolean;
  /** Shows the user something: not cut short by the default timeout. */
  readonly interactive?: boolean;
  /**
   * A parameter that names one of the integrator's own APIs (`invokeNativePlugin`'s `api_name`):
   * they appear in the capability list as `<api>.<name>`, and one listed as interactive is not timed out.
   */
  readonly namespace?: string;
  /** Its callbacks count as a user tap (a `requestSubscribeMessage` may follow a payment). */
  readonly grantsTap?: boolean;
  /** Also available as `<button open-type="<name>">`. */
  readonly button?: boolean;
  /** For `event`: the event name on the wire. */
  readonly event?: string;
  /** For `event`: only the last registered listener is active. */
  readonly single?: boolean;
  /** For `event`: the listener is called as `(resolve, info)` instead of `(info)`. */
  readonly resolvable?: boolean;
}
