export { Host, createHost } from './host';
export { Connection } from './connection';
export { WxError, wxFail, wxCancel, type WxErrorOptions } from './failure';
export { createFrameTransport, type FrameTransportOptions } from './frame-transport';
export {
  createWebViewTransport,
  type WebViewMessage,
  type WebViewTransport,
  type WebViewTransportOptions,
} from './webview-transport';
export { MemoryStore, createWebStorageStore, takeKey, type KeyValueStore, type WebStorage } from './store';
export { DecisionStore, type AppDecisions, type SubscriptionDecisions } from './decisions';
export { BUILT_IN_SCOPES, ALWAYS_GRANTED_SCOPES } from './scopes';
export type { CustomApi } from './custom-apis';
export { normaliseUserInfo, userInfoResult, ANONYMOUS_USER, type UserInfo } from './user-info';
export {
  SessionService,
  CODE2SESSION_ERRORS,
  type SessionServiceOptions,
  type Code2SessionOk,
  type Code2SessionError,
  type ShareKind,
  type RedeemedShare,
} from './sessions';
export type * from './options';
export type * from './types';
export { createPortTransport, type Transport, type Endpoint } from '@wxbridge/protocol';
export {
  SUBSCRIPTION_ERRORS,
  DEFAULT_MAX_TEMPLATES_PER_CALL,
  type SubscriptionOptions,
  type SubscriptionTemplate,
  type SubscriptionKind,
  type SubscribePromptRequest,
  type SubscribePromptAnswer,
  type SubscribeChoice,
  type SubscriptionResult,
} from './subscriptions';
export {
  SOTER_MODES,
  SOTER_ERR_CODE,
  type BiometricDevice,
  type SoterMode,
  type SoterAuthRequest,
  type SoterAuthOutcome,
  type SoterFailureReason,
} from './biometrics';
export {
  buildSoterResultJSON,
  signSoterResult,
  verifySoterSignature,
  verifySoterResult,
  generateSoterKeyPair,
  exportSoterPublicKey,
  importSoterPublicKey,
  createSoftwareBiometricDevice,
  type SoterResult,
  type SoterResultFields,
  type VerifySoterResultInput,
  type SoterVerification,
  type SoterDecision,
  type SoftwareBiometricDevice,
  type SoftwareBiometricDeviceOptions,
} from './soter';
