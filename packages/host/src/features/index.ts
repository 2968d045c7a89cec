/**
 * The features a host is built from, in the order their APIs and gate steps are registered. A new
 * kind of platform rule is a new feature here; a new API that follows existing rules is only a
 * catalogue row (and the integrator's handler).
 */
import type { FeatureFactory } from '../core/feature';
import type { HostOptions } from '../options';
import { biometricsFeature } from './biometrics/biometrics';
import { customApisFeature } from './custom-apis';
import { loginFeature } from './login-versions';
import { openAbilitiesFeature } from './open-abilities';
import { privacyFeature } from './privacy';
import { scopesFeature } from './scopes';
import { subscriptionsFeature } from './subscriptions/subscriptions';
import { userInfoFeature } from './user-info';

export const DEFAULT_FEATURES: readonly FeatureFactory<HostOptions>[] = Object.freeze([
  scopesFeature,
  userInfoFeature,
  privacyFeature,
  loginFeature,
  biometricsFeature,
  subscriptionsFeature,
  openAbilitiesFeature,
  customApisFeature,
]);
