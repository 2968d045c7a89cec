/** The host's own part of the v2 login standard's vocabulary (the shared shapes live in `@wxbridge/store/records`). */

const CODE_LIMIT_BRAND = Symbol.for('wxbridge.CodeRateLimitError');

/**
 * `issueCode` refused: (appId, user) was issued `codesPerMinute` codes in the last minute. The host
 * answers such a `wx.login` with `login:fail too many requests, try again later` (errno 1003).
 */
export class CodeRateLimitError extends Error {
  /** Recognises one from any copy of this package (ESM and CJS builds, two bundles). */
  static is(value: unknown): value is CodeRateLimitError {
    return typeof value === 'object' && value !== null && (value as { [CODE_LIMIT_BRAND]?: unknown })[CODE_LIMIT_BRAND] === true;
  }

  private readonly [CODE_LIMIT_BRAND] = true;

  constructor(readonly limit: number) {
    super(`SessionService.issueCode: more than ${limit} codes in a minute for this app and user`);
    this.name = 'CodeRateLimitError';
  }
}
