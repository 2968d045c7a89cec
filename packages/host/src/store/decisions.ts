/**
 * What a user decided for a mini program: scope grants and denials, privacy
 * agreement, and (filled in by the subscriptions feature) subscription
 * choices. One record per (user, app), kept in a `KeyValueStore`.
 *
 * Updates to one record are serialised in this process, so concurrent
 * decisions never overwrite each other. Keys encode user and app, so one
 * user's decisions are never read for another.
 */
import { KeyedQueue } from '@wxbridge/store';
import type { KeyValueStore } from '@wxbridge/store';

export interface SubscriptionDecisions {
  /** The user's main switch for this mini program's messages. */
  mainSwitch: boolean;
  /** Choices the user asked to keep ("always keep this choice"), per template id. */
  items: Record<string, 'accept' | 'reject' | 'ban'>;
}

export interface AppDecisions {
  /** scope → granted (true) or denied (false); absent: never asked. */
  scopes: Record<string, boolean>;
  /** Whether the user agreed to the privacy guideline (absent: not yet). */
  privacyAgreed?: boolean;
  subscriptions?: SubscriptionDecisions;
}

const VERSION = 1;

function emptyDecisions(): AppDecisions {
  return { scopes: {} };
}

function parse(text: string | undefined): AppDecisions {
  if (!text) return emptyDecisions();
  try {
    const value = JSON.parse(text) as { v?: number; scopes?: unknown } & AppDecisions;
    if (value && value.v === VERSION && value.scopes && typeof value.scopes === 'object') {
      const { v: _version, ...decisions } = value;
      return decisions;
    }
  } catch {
    // A record that cannot be read counts as no decisions: the user is asked again.
  }
  return emptyDecisions();
}

export class DecisionStore {
  private readonly queue = new KeyedQueue();

  constructor(readonly store: KeyValueStore) {}

  static key(user: string, appId: string): string {
    return `wxbridge/decisions/v${VERSION}/${encodeURIComponent(user)}/${encodeURIComponent(appId)}`;
  }

  async read(user: string, appId: string): Promise<AppDecisions> {
    const key = DecisionStore.key(user, appId);
    await this.queue.idle(key);
    return parse(await this.store.get(key));
  }

  /** Applies `change` to the record and stores it; resolves once stored. */
  update(user: string, appId: string, change: (decisions: AppDecisions) => void): Promise<AppDecisions> {
    const key = DecisionStore.key(user, appId);
    return this.queue.run(key, async () => {
      const decisions = parse(await this.store.get(key));
      change(decisions);
      await this.store.set(key, JSON.stringify({ v: VERSION, ...decisions }));
      return decisions;
    });
  }
}
