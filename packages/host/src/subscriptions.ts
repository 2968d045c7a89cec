/**
 * Subscription templates: requestSubscribeMessage and the subscription half of getSetting.
 * (Skeleton: filled in by the subscriptions work.)
 */
import type { SemanticsTable, Services } from './semantics';

export interface SubscriptionOptions {}

export interface SubscribePromptRequest {}

export type SubscribePromptAnswer = unknown;

export function createSubscriptionSemantics(_services: Services): SemanticsTable {
  return {};
}
