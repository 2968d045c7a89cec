/**
 * The settings of a mock host: one `MockSetting` per API, validated, kept in
 * memory (a change applies to the next call) and persisted as JSON text under
 * one key of a `KeyValueStore`.
 */
import type { KeyValueStore } from '@wxbridge/host';
import { DEFAULT_LIMITS, isPlainObject, jsonDataProblem } from '@wxbridge/protocol';
import { MOCK_APIS, MOCK_PRESETS, isMockApi, type MockApi, type MockPreset } from './presets';

/** What one API answers. JSON data, so a panel can edit it and a store can keep it. */
export interface MockSetting {
  preset: MockPreset;
  /** Overrides the errno of a fail. */
  errno?: number;
  /** Overrides (or adds) the errCode of a fail. */
  errCode?: number;
  /** Overrides the reason of a fail (`<api>:fail <reason>`). */
  reason?: string;
  /** Free-form fields merged into the result (success or fail; errMsg/errno/errCode cannot be forged). */
  data?: Record<string, unknown>;
  /** Milliseconds to wait before answering. */
  latencyMs?: number;
}

export type MockSettingInput = MockSetting | MockPreset;
export type MockSettingsRecord = Record<MockApi, MockSetting>;

/** Every API answers `success` at once. */
export const DEFAULT_MOCK_SETTINGS: Readonly<MockSettingsRecord> = Object.freeze(
  Object.fromEntries(MOCK_APIS.map((api) => [api, Object.freeze({ preset: 'success' as const })])) as MockSettingsRecord,
);

/** The store key the settings are kept under (option `storeKey` changes it). */
export const MOCK_SETTINGS_KEY = 'wxbridge.mock.settings';
const FORMAT_VERSION = 1;

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/** The setting, checked and copied; throws a TypeError naming what is wrong. */
export function normaliseSetting(api: MockApi, input: MockSettingInput): MockSetting {
  const given = typeof input === 'string' ? { preset: input } : input;
  const where = `mock setting for ${api}`;
  if (!isPlainObject(given)) throw new TypeError(`${where}: expected a preset name or {preset, …}`);
  const presets = MOCK_PRESETS[api];
  if (!presets.includes(given.preset as MockPreset)) {
    throw new TypeError(`${where}: preset must be one of ${presets.join(', ')}, not ${String(given.preset)}`);
  }
  const setting: MockSetting = { preset: given.preset as MockPreset };
  if (given.errno !== undefined) {
    if (!isInteger(given.errno)) throw new TypeError(`${where}: errno must be an integer`);
    setting.errno = given.errno;
  }
  if (given.errCode !== undefined) {
    if (!isInteger(given.errCode)) throw new TypeError(`${where}: errCode must be an integer`);
    setting.errCode = given.errCode;
  }
  if (given.reason !== undefined) {
    if (typeof given.reason !== 'string' || given.reason.length === 0) throw new TypeError(`${where}: reason must be a non-empty string`);
    setting.reason = given.reason;
  }
  if (given.data !== undefined) {
    if (!isPlainObject(given.data)) throw new TypeError(`${where}: data must be a plain object`);
    // The same rule as a handler's result: JSON data only (no NaN, Date, Map, function, cycle).
    const problem = jsonDataProblem(given.data, DEFAULT_LIMITS.maxDepth);
    if (problem !== undefined) throw new TypeError(`${where}: data must be JSON data: ${problem}`);
    const copy: unknown = JSON.parse(JSON.stringify(given.data));
    setting.data = copy as Record<string, unknown>;
  }
  if (given.latencyMs !== undefined) {
    const ms = given.latencyMs;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new TypeError(`${where}: latencyMs must be a number ≥ 0`);
    setting.latencyMs = ms;
  }
  return setting;
}

function copy(setting: MockSetting): MockSetting {
  return JSON.parse(JSON.stringify(setting)) as MockSetting;
}

export interface MockSettingsOptions {
  /** What an API answers until it is set, and after `reset()`. Default: `DEFAULT_MOCK_SETTINGS`. */
  defaults?: Partial<Record<MockApi, MockSettingInput>>;
  /** A further check of every setting (e.g. that `ask` has a dialog to show); throws a TypeError to refuse it. */
  check?(api: MockApi, setting: MockSetting): void;
}

export class MockSettings {
  /** Settles once the stored settings are loaded (unreadable ones are ignored). */
  readonly ready: Promise<void>;
  private readonly explicit = new Map<MockApi, MockSetting>();
  private readonly defaults: MockSettingsRecord;
  /** APIs set before loading finished: the store does not override them. */
  private readonly setEarly = new Set<MockApi>();
  private loaded = false;
  private saving: Promise<void> = Promise.resolve();

  /** Throws a TypeError for an invalid default. */
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string = MOCK_SETTINGS_KEY,
    private readonly options: MockSettingsOptions = {},
  ) {
    const defaults = { ...DEFAULT_MOCK_SETTINGS };
    for (const [api, input] of Object.entries(options.defaults ?? {})) {
      if (!isMockApi(api)) throw new TypeError(`mock settings: unknown API ${api} in defaults`);
      if (input !== undefined) defaults[api] = this.checked(api, input);
    }
    this.defaults = defaults;
    this.ready = this.load();
  }

  /** The setting an API answers with now. */
  get(api: MockApi): MockSetting {
    if (!isMockApi(api)) throw new TypeError(`mock settings: unknown API ${String(api)}`);
    return copy(this.explicit.get(api) ?? this.defaults[api]);
  }

  /** What an API answers when it is not set (the defaults `reset()` returns to). */
  defaultOf(api: MockApi): MockSetting {
    if (!isMockApi(api)) throw new TypeError(`mock settings: unknown API ${String(api)}`);
    return copy(this.defaults[api]);
  }

  /** Every API's setting. */
  all(): MockSettingsRecord {
    return Object.fromEntries(MOCK_APIS.map((api) => [api, this.get(api)])) as MockSettingsRecord;
  }

  /** Applies at once (the next call answers by it); resolves once persisted. Throws a TypeError for an invalid setting. */
  set(api: MockApi, input: MockSettingInput): Promise<void> {
    if (!isMockApi(api)) throw new TypeError(`mock settings: unknown API ${String(api)}`);
    this.explicit.set(api, this.checked(api, input));
    if (!this.loaded) this.setEarly.add(api);
    return this.save();
  }

  /** Back to the defaults (every API `success`, unless other defaults were given), in memory and in the store. */
  reset(): Promise<void> {
    this.explicit.clear();
    for (const api of MOCK_APIS) if (!this.loaded) this.setEarly.add(api);
    return this.save();
  }

  private checked(api: MockApi, input: MockSettingInput): MockSetting {
    const setting = normaliseSetting(api, input);
    this.options.check?.(api, setting);
    return setting;
  }

  private async load(): Promise<void> {
    try {
      const text = await this.store.get(this.key);
      const parsed = text === undefined ? undefined : (JSON.parse(text) as { version?: unknown; settings?: unknown });
      if (parsed?.version === FORMAT_VERSION && isPlainObject(parsed.settings)) {
        for (const [api, value] of Object.entries(parsed.settings)) {
          if (!isMockApi(api) || this.setEarly.has(api)) continue;
          try {
            this.explicit.set(api, this.checked(api, value as MockSettingInput));
          } catch {
            // A stored setting this version no longer accepts: keep the default.
          }
        }
      }
    } catch {
      // An unreadable store or corrupt JSON: start from the defaults.
    } finally {
      this.loaded = true;
    }
  }

  /** Writes in order, after loading; a failing store does not stop later writes. */
  private save(): Promise<void> {
    const write = async () => {
      await this.ready;
      if (this.explicit.size === 0) await this.store.delete(this.key);
      else {
        const settings = Object.fromEntries(this.explicit);
        await this.store.set(this.key, JSON.stringify({ version: FORMAT_VERSION, settings }));
      }
    };
    const next = this.saving.then(write, write);
    this.saving = next.catch(() => {});
    return next;
  }
}
