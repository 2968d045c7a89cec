export { Host, createHost } from './core/host';
export { Connection } from './core/connection';
export { canIUseList } from './core/can-i-use';
export { WxError, wxFail, wxCancel, type WxErrorOptions } from './core/failure';
export { createFrameTransport, type FrameTransportOptions } from './transports/frame-transport';
export {
  createWebViewTransport,
  type WebViewMessage,
  type WebViewTransport,
  type WebViewTransportOptions,
} from './transports/webview-transport';
export {
  MemoryStore,
  createWebStorageStore,
  takeKey,
  type KeyValueStore,
  type SharedStore,
  type SetOptions,
  type AdjustOptions,
  type WebStorage,
} from '@wxbridge/store';
export { DecisionStore, type AppDecisions, type SubscriptionDecisions } from './store/decisions';
export { PlatformRecords, type PlatformRecordsOptions } from './store/platform-records';
export { BUILT_IN_SCOPES, ALWAYS_GRANTED_SCOPES } from './features/scopes';
export type { CustomApi } from './features/custom-apis';
export { normaliseUserInfo, userInfoResult, ANONYMOUS_USER, type UserInfo } from './features/user-info';
export { SessionService, CodeRateLimitError, type SessionServiceOptions, type ShareKind } from './store/sessions';
export type * from './options';
export type * from './core/types';
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
} from './features/subscriptions/types';
export {
  SOTER_MODES,
  SOTER_ERR_CODE,
  type BiometricDevice,
  type SoterMode,
  type SoterAuthRequest,
  type SoterAuthOutcome,
  type SoterFailureReason,
} from './features/biometrics/device';
export {
  buildSoterResultJSON,
  signSoterResult,
  generateSoterKeyPair,
  exportSoterPublicKey,
  importSoterPublicKey,
  type SoterResult,
  type SoterResultFields,
} from './crypto/soter';
