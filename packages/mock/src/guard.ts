/**
 * The mock host answers every call with made-up data: it must never ship. It
 * refuses to start when `NODE_ENV` is `production` (as a bundler replaces it,
 * or Node's environment) or when told it runs in production.
 */

// Declared here (not from @types/node): in a browser `process` may not exist at all.
declare const process: { env?: Record<string, string | undefined> } | undefined;

export interface ProductionGuardOptions {
  /** Says this is a production build (for runtimes without `process.env.NODE_ENV`). */
  production?: boolean;
  /** Starts anyway in production, with a loud warning. Only for a deliberate staging demo. */
  allowInProduction?: boolean;
}

function nodeEnv(): string | undefined {
  // Written out in full, with no `typeof process` in front: bundlers replace `process.env.NODE_ENV`
  // with a literal, and a browser bundle has no `process` to test for. Where nothing replaced it
  // and there is no `process`, the ReferenceError is the guard.
  try {
    return process!.env!.NODE_ENV;
  } catch {
    return undefined;
  }
}

/** Throws in production unless `allowInProduction`; then warns once (for this mock host). */
export function guardProduction(options: ProductionGuardOptions): void {
  const production = options.production === true || nodeEnv() === 'production';
  if (!production) return;
  if (options.allowInProduction !== true) {
    throw new Error(
      'createMockHost: the wxbridge mock host must not ship: it answers every wx call with fake data. ' +
        'This is a production build (NODE_ENV=production or options.production); use createHost from @wxbridge/host, ' +
        'or pass allowInProduction: true for a deliberate demo.',
    );
  }
  console.warn(
    '[wxbridge] WARNING: the MOCK host is running in PRODUCTION (allowInProduction: true). ' +
      'Every wx call is answered with fake data. Never ship this to users.',
  );
}
