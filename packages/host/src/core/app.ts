/** Who a connection belongs to: the app identity the host binds when it connects. */

/** Who a connection belongs to. Bound by the host when it connects; never taken from a request. */
export interface AppIdentity {
  appId: string;
  envVersion?: 'develop' | 'trial' | 'release';
  /** The released version number (reported only for `release`). */
  version?: string;
}

/** An app identity as the host holds it: checked, every field present, frozen. */
export type App = Readonly<Required<AppIdentity>>;

const ENV_VERSIONS = ['develop', 'trial', 'release'];

/** Checks what the integrator passed to `host.connect`; a clear error names the field. */
export function checkApp(app: AppIdentity): App {
  if (!app || typeof app.appId !== 'string' || app.appId.length === 0 || app.appId.length > 128) {
    throw new TypeError('host.connect: app.appId must be a non-empty string (at most 128 characters)');
  }
  const envVersion = app.envVersion ?? 'release';
  if (!ENV_VERSIONS.includes(envVersion)) {
    throw new TypeError(`host.connect: app.envVersion must be one of ${ENV_VERSIONS.join(', ')}`);
  }
  if (app.version !== undefined && typeof app.version !== 'string') {
    throw new TypeError('host.connect: app.version must be a string');
  }
  return Object.freeze({ appId: app.appId, envVersion, version: app.version ?? '' });
}
