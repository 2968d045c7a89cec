/**
 * A setting as a form's text fields, and back: what a mock panel shows and
 * reads. Reading names the field that is wrong (bad JSON in `data` says what
 * JSON.parse found), then applies the same checks as `mock.set`.
 */
import type { MockApi } from './presets';
import { normaliseSetting, type MockSetting } from './settings';

/** One setting as the text of its form fields; an empty field means "not set". */
export interface MockSettingText {
  preset: string;
  errno: string;
  errCode: string;
  reason: string;
  latencyMs: string;
  /** Free-form JSON object, merged into the result. */
  data: string;
}

function integerField(name: string, text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) {
    throw new TypeError(`${name} must be a whole number, not ${JSON.stringify(trimmed)}`);
  }
  return Number(trimmed);
}

function latencyField(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const ms = Number(trimmed);
  if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`latency must be a number of milliseconds ≥ 0, not ${JSON.stringify(trimmed)}`);
  return ms;
}

function dataField(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`data is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new TypeError(`data must be a JSON object like {"code": "abc"}, not ${kind}`);
  }
  return value as Record<string, unknown>;
}

/** The setting the fields describe; throws a TypeError whose message names the wrong field. */
export function settingFromText(api: MockApi, text: MockSettingText): MockSetting {
  const setting: Record<string, unknown> = { preset: text.preset };
  const fields: Array<[string, unknown]> = [
    ['errno', integerField('errno', text.errno)],
    ['errCode', integerField('errCode', text.errCode)],
    ['reason', text.reason.trim() === '' ? undefined : text.reason.trim()],
    ['latencyMs', latencyField(text.latencyMs)],
    ['data', dataField(text.data)],
  ];
  for (const [name, value] of fields) if (value !== undefined) setting[name] = value;
  return normaliseSetting(api, setting as unknown as MockSetting);
}

/** The fields that show `setting` (data pretty-printed). */
export function settingToText(setting: MockSetting): MockSettingText {
  const text = (value: number | string | undefined) => (value === undefined ? '' : String(value));
  return {
    preset: setting.preset,
    errno: text(setting.errno),
    errCode: text(setting.errCode),
    reason: text(setting.reason),
    latencyMs: text(setting.latencyMs),
    data: setting.data === undefined ? '' : JSON.stringify(setting.data, null, 2),
  };
}
