/**
 * The fail a setting asks for: `deny`, `cancel` or `error`, with the
 * setting's errno / errCode / reason overriding the preset's, and its `data`
 * as extra fields.
 */
import { wxFail, type WxError } from '@wxbridge/host';
import { ERRNO } from '@wxbridge/protocol';
import { MOCK_DENY_REASONS, MOCK_ERROR_REASONS, type MockApi } from './presets';
import type { MockSetting } from './settings';

export function mockFailure(api: MockApi, setting: MockSetting): WxError {
  const [reason, errno] =
    setting.preset === 'deny'
      ? [MOCK_DENY_REASONS[api] ?? 'auth deny', ERRNO.authDeny]
      : setting.preset === 'cancel'
        ? ['cancel', ERRNO.cancel]
        : [MOCK_ERROR_REASONS[api] ?? 'mock error', ERRNO.internalError];
  return wxFail(setting.reason ?? reason, {
    errno: setting.errno ?? errno,
    ...(setting.errCode === undefined ? {} : { errCode: setting.errCode }),
    ...(setting.data === undefined ? {} : { data: setting.data }),
  });
}

/** Whether the setting changes the fail the host would build itself. */
export function overridesFailure(setting: MockSetting): boolean {
  return setting.errno !== undefined || setting.errCode !== undefined || setting.reason !== undefined || setting.data !== undefined;
}
