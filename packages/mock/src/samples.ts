/**
 * The sample data the `success` presets answer with, and the mock template
 * registry of `requestSubscribeMessage`. Nothing here is anyone's real data.
 */
import type { SubscriptionTemplate } from '@wxbridge/host';

/** The sample user of `getUserInfo` / `getUserProfile`. */
export const MOCK_USER_INFO = Object.freeze({
  nickName: 'Mock User',
  avatarUrl: 'https://mock.wxbridge.invalid/avatar.png',
  gender: 0 as 0 | 1 | 2,
  country: 'Mockland',
  province: 'Mock Province',
  city: 'Mock City',
});

/** The avatar `chooseAvatar` picks. */
export const MOCK_AVATAR_URL = 'https://mock.wxbridge.invalid/chosen-avatar.png';

/**
 * The mock app's templates: two sharing a title (the second is answered `filter`), a banned
 * one (`ban`), a long-term one (not to be mixed with one-time templates in one call).
 */
export const MOCK_SUBSCRIPTION_TEMPLATES: readonly Readonly<SubscriptionTemplate>[] = Object.freeze([
  { id: 'mock-tmpl-order-shipped', title: 'Order shipped', kind: 'one-time' },
  { id: 'mock-tmpl-order-shipped-2', title: 'Order shipped', kind: 'one-time' },
  { id: 'mock-tmpl-reminder', title: 'Appointment reminder', kind: 'one-time' },
  { id: 'mock-tmpl-banned', title: 'Promotion', kind: 'one-time', banned: true },
  { id: 'mock-tmpl-service-notice', title: 'Service notice', kind: 'long-term' },
]);

let issued = 0;

/** A code unique to this call: `<prefix>-<n>-<random>`. */
export function mockCode(prefix: string): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  issued += 1;
  return `${prefix}-${issued}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
