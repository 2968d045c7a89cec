/**
 * The catalogue's entries for the session and the bridge itself: the login code, its session, the
 * account snapshot and `canIUse`. `catalogue.ts` assembles every entry in catalogue order.
 */
import type { ApiEntry } from './entry';

export const login = {
  kind: 'async',
  since: 1,
  doc: 'Get a temporary login code that the mini program backend exchanges for a session.',
  params: { timeout: { type: 'number', doc: 'timeout in milliseconds' } },
  success: { code: { type: 'string', required: true, doc: 'single-use login code, valid five minutes' } },
  fail: { errno: { type: 'number', required: true } },
} as const satisfies ApiEntry;

export const checkSession = {
  kind: 'async',
  since: 1,
  doc: 'Check whether the session of the last login code is still valid.',
} as const satisfies ApiEntry;

export const getAccountInfoSync = {
  kind: 'sync',
  since: 1,
  doc: 'The current mini program account (answered from the handshake snapshot).',
  returns: {
    type: 'object',
    fields: {
      miniProgram: {
        type: 'object',
        required: true,
        fields: {
          appId: { type: 'string', required: true },
          envVersion: { type: 'string', required: true, enum: ['develop', 'trial', 'release'] },
          version: { type: 'string', required: true },
        },
      },
      plugin: {
        type: 'object',
        required: true,
        hostOptional: true,
        doc: 'only inside a plugin',
        fields: { appId: { type: 'string', required: true }, version: { type: 'string', required: true } },
      },
    },
  },
} as const satisfies ApiEntry;

export const canIUse = {
  kind: 'sync',
  since: 1,
  doc: 'Whether an API, parameter, result field or button open-type is available here.',
  params: { schema: { type: 'string', required: true } },
  returns: { type: 'boolean' },
} as const satisfies ApiEntry;
