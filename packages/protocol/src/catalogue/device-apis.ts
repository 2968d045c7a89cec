/**
 * The catalogue's entries for the device: SOTER biometrics and the location. `catalogue.ts`
 * assembles every entry in catalogue order.
 */
import type { ApiEntry } from './entry';

const soterMode = { type: 'string', enum: ['fingerPrint', 'facial', 'speech'] } as const;
const soterResult = {
  authMode: { type: 'string', required: true },
  resultJSON: { type: 'string', required: true },
  resultJSONSignature: { type: 'string', required: true },
  errCode: { type: 'number', required: true },
} as const;
const location = {
  latitude: { type: 'number', required: true, doc: '-90 to 90, negative is south' },
  longitude: { type: 'number', required: true, doc: '-180 to 180, negative is west' },
  speed: { type: 'number', required: true, doc: 'metres per second' },
  accuracy: { type: 'number', required: true, doc: 'metres' },
  altitude: { type: 'number', required: true, hostOptional: true, doc: 'metres' },
  verticalAccuracy: { type: 'number', required: true, hostOptional: true, doc: 'metres' },
  horizontalAccuracy: { type: 'number', required: true, hostOptional: true, doc: 'metres' },
} as const;
const coordinates = { type: 'string', enum: ['wgs84', 'gcj02'], doc: "coordinates: 'wgs84' (default, GPS) or 'gcj02'" } as const;

export const checkIsSoterEnrolledInDevice = {
  kind: 'async',
  since: 1,
  doc: 'Whether the device has the given biometric enrolled.',
  params: { checkAuthMode: { ...soterMode, required: true } },
  success: { isEnrolled: { type: 'boolean', required: true } },
} as const satisfies ApiEntry;

export const checkIsSupportSoterAuthentication = {
  kind: 'async',
  since: 1,
  doc: 'Which biometric modes the device supports (an empty list is still success).',
  success: { supportMode: { type: 'array', required: true, items: soterMode } },
} as const satisfies ApiEntry;

export const startSoterAuthentication = {
  kind: 'async',
  since: 1,
  doc: 'Authenticate the user with a biometric and get a signed result.',
  params: {
    requestAuthModes: { type: 'array', required: true, items: soterMode },
    challenge: { type: 'string', required: true, doc: 'at most 512 characters' },
    authContent: { type: 'string', doc: 'prompt text, at most 42 characters' },
  },
  success: soterResult,
  fail: soterResult,
  sheet: true,
  interactive: true,
} as const satisfies ApiEntry;

export const getLocation = {
  kind: 'async',
  since: 1,
  doc: "The device's precise location (needs scope.userLocation).",
  params: {
    type: coordinates,
    altitude: { type: 'boolean', doc: 'also return the altitude (slower)' },
    isHighAccuracy: { type: 'boolean', doc: 'use high-accuracy positioning' },
    highAccuracyExpireTime: { type: 'number', doc: 'milliseconds high-accuracy positioning may take, above 3000' },
  },
  success: location,
  privacy: true,
  scope: { name: 'scope.userLocation', prompt: true },
  interactive: true,
} as const satisfies ApiEntry;

export const getFuzzyLocation = {
  kind: 'async',
  since: 1,
  doc: "The device's approximate location (needs scope.userFuzzyLocation).",
  params: { type: coordinates },
  success: { latitude: location.latitude, longitude: location.longitude },
  privacy: true,
  scope: { name: 'scope.userFuzzyLocation', prompt: true },
  interactive: true,
} as const satisfies ApiEntry;
