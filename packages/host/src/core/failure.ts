/**
 * How a handler says "fail": throw (or return) a `WxError`. The host turns it
 * into `<api>:fail <reason>` with the codes given; the handler never writes
 * the `<api>:` prefix itself, so it cannot forge another API's result.
 */
import { ERRNO, REASON } from '@wxbridge/protocol';

export interface WxErrorOptions {
  /** The platform's errno (e.g. 103 for `auth deny`). */
  errno?: number;
  /** The API's own error code (SOTER 900xx, subscription 10001…). */
  errCode?: number;
  /** Extra fields for the fail result (e.g. SOTER's `authMode`, `resultJSON`). */
  data?: Record<string, unknown>;
}

const BRAND = Symbol.for('wxbridge.WxError');

export class WxError extends Error {
  /** Recognises a WxError from any copy of this package (ESM and CJS builds, two bundles). */
  static is(value: unknown): value is WxError {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  private readonly [BRAND] = true;
  readonly reason: string;
  readonly errno?: number;
  readonly errCode?: number;
  readonly data?: Record<string, unknown>;

  constructor(reason: string, options: WxErrorOptions = {}) {
    super(reason);
    this.name = 'WxError';
    this.reason = reason;
    if (options.errno !== undefined) this.errno = options.errno;
    if (options.errCode !== undefined) this.errCode = options.errCode;
    if (options.data !== undefined) this.data = options.data;
  }
}

/** A failure with a reason: `<api>:fail <reason>`. Throw it or return it. */
export function wxFail(reason: string, options?: WxErrorOptions): WxError {
  return new WxError(reason, options);
}

/**
 * The user cancelled, or the call was abandoned before the user answered: `<api>:fail cancel`,
 * errno 1. The one way the host and the integrator's handlers say it.
 */
export function wxCancel(options: Omit<WxErrorOptions, 'errno'> = {}): WxError {
  return new WxError(REASON.cancel, { ...options, errno: ERRNO.cancel });
}

/** For `untilAborted`: an abandoned wait fails with a cancel. */
export function throwCancel(): never {
  throw wxCancel();
}
