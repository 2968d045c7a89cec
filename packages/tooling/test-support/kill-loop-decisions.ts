/**
 * The decisions the kill loop writes, shared by the writer (kill-loop-child.ts) and the checker
 * (kill-loop.ts): decision `n` is one scope grant or denial, one privacy agreement, one kept
 * subscription choice or one v2 login session, each at a place only `n` writes, so that every
 * acknowledged decision can be looked for afterwards.
 */
import { DecisionStore, SessionService, type KeyValueStore } from '@wxbridge/host';

export type DecisionKind = 'scope' | 'privacy' | 'subscription' | 'session';

export interface Decision {
  n: number;
  kind: DecisionKind;
  user: string;
  appId: string;
  /** The scope or template id written (scope, subscription). */
  key: string;
  /** The scope's grant, or the subscription choice. */
  value: boolean | 'accept' | 'reject';
}

const KINDS: DecisionKind[] = ['scope', 'privacy', 'subscription', 'session'];
/** The secret the writer and the checker share, so that the checker can redeem the writer's codes. */
export const KILL_LOOP_SECRET = 'kill-loop-secret';

export function decision(n: number): Decision {
  const kind = KINDS[n % KINDS.length]!;
  // Scope and subscription decisions share a few records (each write changes one field of a
  // record others wrote too); privacy and sessions get a record of their own.
  const shared = kind === 'scope' || kind === 'subscription';
  return {
    n,
    kind,
    user: shared ? `user-${n % 3}` : `${kind}-user-${n}`,
    appId: `wx-kill-${n % 2}`,
    key: kind === 'scope' ? `scope.decision${n}` : `tmpl-${n}`,
    value: kind === 'scope' ? n % 3 !== 0 : n % 3 === 0 ? 'reject' : 'accept',
  };
}

export function services(store: KeyValueStore): { decisions: DecisionStore; sessions: SessionService } {
  return { decisions: new DecisionStore(store), sessions: new SessionService({ store, secret: KILL_LOOP_SECRET }) };
}

/** Writes decision `n` through the host's own services; resolves once it is acknowledged (stored). Returns the login code for a session. */
export async function write(d: Decision, { decisions, sessions }: ReturnType<typeof services>): Promise<string> {
  switch (d.kind) {
    case 'scope':
      await decisions.update(d.user, d.appId, (record) => void (record.scopes[d.key] = d.value as boolean));
      return '';
    case 'privacy':
      await decisions.update(d.user, d.appId, (record) => void (record.privacyAgreed = true));
      return '';
    case 'subscription':
      await decisions.update(d.user, d.appId, (record) => {
        const subscriptions = (record.subscriptions ??= { mainSwitch: true, items: {} });
        subscriptions.items[d.key] = d.value as 'accept' | 'reject';
      });
      return '';
    case 'session':
      return (await sessions.issueCode(d.appId, d.user)).code;
  }
}
