/**
 * The open-platform server's templates in the demo: the mock's template registry (what
 * `wx.requestSubscribeMessage` shows, `MOCK_SUBSCRIPTION_TEMPLATES`) with the keywords a message
 * of each fills, so the same ids the user accepts are the ones a backend sends.
 */
import { MOCK_SUBSCRIPTION_TEMPLATES } from '@wxbridge/mock';
import type { ServerTemplate } from '@wxbridge/server';

const ORDER_SHIPPED = { keywords: ['thing1', 'character_string2', 'time3'], content: 'Item: {{thing1.DATA}}\nOrder: {{character_string2.DATA}}\nShipped: {{time3.DATA}}\n' };

/** Each mock template's keywords and how `gettemplate` shows them. */
const KEYWORDS: Readonly<Record<string, { keywords: string[]; content: string }>> = {
  'mock-tmpl-order-shipped': ORDER_SHIPPED,
  'mock-tmpl-order-shipped-2': ORDER_SHIPPED,
  'mock-tmpl-reminder': { keywords: ['thing1', 'time2'], content: 'Appointment: {{thing1.DATA}}\nWhen: {{time2.DATA}}\n' },
  'mock-tmpl-banned': { keywords: ['thing1'], content: 'Offer: {{thing1.DATA}}\n' },
  'mock-tmpl-service-notice': { keywords: ['thing1', 'phrase2'], content: 'Service: {{thing1.DATA}}\nStatus: {{phrase2.DATA}}\n' },
};

const FALLBACK = { keywords: ['thing1'], content: 'Message: {{thing1.DATA}}\n' };

export const DEMO_SERVER_TEMPLATES: readonly ServerTemplate[] = Object.freeze(
  MOCK_SUBSCRIPTION_TEMPLATES.map(({ id, title, kind }) => ({ id, title, kind, ...(KEYWORDS[id] ?? FALLBACK) })),
);
