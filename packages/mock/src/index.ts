export { createMockHost, type MockHost, type MockHostOptions, type MockHostExtraOptions, type MockGuest } from './mock-host';
export {
  MOCK_APIS,
  MOCK_ASK_APIS,
  MOCK_HANDLER_APIS,
  MOCK_PROMPT_APIS,
  MOCK_PRESETS,
  MOCK_ERROR_REASONS,
  MOCK_DENY_REASONS,
  isMockApi,
  isMockAskApi,
  type MockApi,
  type MockAskApi,
  type MockHandlerApi,
  type MockPreset,
} from './presets';
export {
  DEFAULT_MOCK_SETTINGS,
  MOCK_SETTINGS_KEY,
  MockSettings,
  normaliseSetting,
  type MockSetting,
  type MockSettingInput,
  type MockSettingsRecord,
  type MockSettingsOptions,
} from './settings';
export { settingFromText, settingToText, type MockSettingText } from './setting-text';
export { MOCK_ASK_DIALOGS, type MockDialogs, type PaymentPromptRequest } from './dialogs';
export { MOCK_USER_INFO, MOCK_AVATAR_URL, MOCK_LOCATION, MOCK_SUBSCRIPTION_TEMPLATES, MOCK_SAMPLES } from './samples';
export { MOCK_SOTER_MODES } from './biometrics';
export {
  createSoftwareBiometricDevice,
  type SoftwareBiometricDevice,
  type SoftwareBiometricDeviceOptions,
  type SoterDecision,
} from './software-biometric-device';
export type { ProductionGuardOptions } from './guard';
