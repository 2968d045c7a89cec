/** The services the host hands its features (see `Services` in feature.ts). */
import { DecisionStore } from '../store/decisions';
import { SessionService } from '../store/sessions';
import { MemoryStore } from '@wxbridge/store';
import { Consent } from './consent';
import type { Feature, Services } from './feature';
import { countOption, type CoreOptions } from './options';
import type { CallContext } from './types';

export interface ServiceHooks {
  /** Reports a failure of the integrator's hook (the host's `error` event). */
  report(ctx: CallContext, error: unknown): void;
  /** The features built so far (their `settings`). */
  features(): readonly Feature[];
}

export function createServices(options: CoreOptions, hooks: ServiceHooks): Services {
  const sessions = options.sessions ?? new SessionService();
  return {
    decisions: new DecisionStore(options.store ?? new MemoryStore()),
    sessions,
    platform: sessions.platform,
    consent: new Consent({
      perMinute: countOption('promptsPerMinute', options.promptsPerMinute, 10),
      maxQueued: countOption('maxQueuedPrompts', options.maxQueuedPrompts, 5),
    }),
    async userOf(ctx) {
      const user = await options.user?.(ctx.app);
      return typeof user === 'string' && user.length > 0 ? user : 'anonymous';
    },
    report: hooks.report,
    async settings(ctx, user, params) {
      const fields: Record<string, unknown> = {};
      for (const feature of hooks.features()) if (feature.settings) Object.assign(fields, await feature.settings(ctx, user, params));
      return fields;
    },
    async applySettings(ctx, user, answer) {
      for (const feature of hooks.features()) await feature.applySettings?.(ctx, user, answer);
    },
  };
}
