/**
 * `HostOptions`: the core options (who the user is, where decisions live, limits) and each
 * feature's own options, which live with the feature.
 */
import type { CoreOptions } from './core/options';
import type { BiometricFeatureOptions } from './features/biometrics/biometrics';
import type { LoginFeatureOptions } from './features/login-versions';
import type { PrivacyFeatureOptions } from './features/privacy';
import type { ScopeFeatureOptions, ScopePrompts } from './features/scopes';
import type { SubscriptionFeatureOptions, SubscriptionPrompts } from './features/subscriptions/types';
import type { UserInfoFeatureOptions } from './features/user-info';

export type { App } from './core/app';
export type { PromptRequest } from './core/options';
export type { AuthorizePromptRequest, SettingsPromptRequest, SettingsPromptAnswer, ScopeOptions } from './features/scopes';
export type { PrivacyOptions, PrivacyPromptRequest } from './features/privacy';
export type { UserInfoOptions, UserProfilePromptRequest } from './features/user-info';
export type { ApiVersion, ApiVersionOption, VersionedApi } from './features/login-versions';

/**
 * Dialogs the integrator draws. The host decides when to show them, records the answers and
 * applies the rules; a hook only shows and reports the user's choice.
 */
export type HostPrompts = ScopePrompts &
  NonNullable<UserInfoFeatureOptions['prompts']> &
  NonNullable<PrivacyFeatureOptions['prompts']> &
  SubscriptionPrompts;

export interface HostOptions
  extends CoreOptions,
    Omit<ScopeFeatureOptions, 'prompts' | 'userInfo'>,
    Omit<UserInfoFeatureOptions, 'prompts'>,
    Omit<PrivacyFeatureOptions, 'prompts'>,
    LoginFeatureOptions,
    BiometricFeatureOptions,
    Omit<SubscriptionFeatureOptions, 'prompts'> {
  prompts?: HostPrompts;
}

/** The options the platform's rules read (all of `HostOptions` but the welcome's name and version). */
export type SemanticsOptions = Omit<HostOptions, 'name' | 'version' | 'limits' | 'maxMessagesPerTurn'>;
