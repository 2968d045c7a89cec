/**
 * `createMockHost`: a REAL host (same dispatcher, validation and errMsg
 * rules) whose handlers, prompt hooks, template registry and biometric device
 * answer from settings, for development and tests. Never for production.
 */
import { connectGuest as connectGuestBridge, type GuestBridge, type GuestOptions } from '@wxbridge/guest';
import {
  MemoryStore,
  createHost,
  createPortTransport,
  type AppIdentity,
  type Connection,
  type Host,
  type KeyValueStore,
} from '@wxbridge/host';
import type { Transport } from '@wxbridge/protocol';
import { createMockBiometrics } from './biometrics';
import { askDialog, type MockDialogs } from './dialogs';
import { guardProduction, type ProductionGuardOptions } from './guard';
import { registerMockHandlers } from './handlers';
import { mockHostOptions, type MockHostExtraOptions } from './host-options';
import { PendingWaits } from './pending';
import { createMockPrompts, createMockSubscriptions } from './prompts';
import { isMockAskApi, type MockApi } from './presets';
import { MOCK_SETTINGS_KEY, MockSettings, type MockSetting, type MockSettingInput } from './settings';

export type { MockHostExtraOptions };

export interface MockHostOptions extends ProductionGuardOptions {
  /** Where the settings are kept (one key). Default: in memory. The demo passes a localStorage store. */
  store?: KeyValueStore;
  /** The key under which the settings are kept. Default `wxbridge.mock.settings`. */
  storeKey?: string;
  /** The app `connect` / `connectGuest` bind when given none. Default `{appId: 'wx-mock-app', envVersion: 'develop'}`. */
  app?: AppIdentity;
  /** Further host options. `promptsPerMinute` defaults to 1000 (the platform's 10 would trip a test suite). */
  host?: MockHostExtraOptions;
  /** Your real dialogs, which the `ask` preset shows. Without the one an API needs, `ask` is refused for it. */
  dialogs?: MockDialogs;
  /** What each API answers until set, and after `reset()`. Default: `success` everywhere. A demo gives `ask`. */
  defaults?: Partial<Record<MockApi, MockSettingInput>>;
}

export interface MockGuest {
  bridge: GuestBridge;
  /** Disposes the guest and its connection, and closes the channel. */
  close(): void;
}

export interface MockHost {
  readonly host: Host;
  readonly settings: MockSettings;
  /** Settles once the stored settings are loaded (calls wait for it anyway). */
  readonly ready: Promise<void>;
  /** Answers waiting on latency or a `timeout` preset. */
  readonly pendingCount: number;
  /** Serves a mini program over `transport` (e.g. an iframe's). */
  connect(transport: Transport, app?: AppIdentity): Connection;
  /** A guest in this process, over a MessageChannel: `bridge.wx` talks to the mock host. */
  connectGuest(guestOptions?: Partial<GuestOptions>, app?: AppIdentity): MockGuest;
  /** Changes what `api` answers from the next call on; resolves once persisted. */
  set(api: MockApi, setting: MockSettingInput): Promise<void>;
  /** Every setting back to its default (`success`, or `options.defaults`), and the user's remembered decisions forgotten. */
  reset(): Promise<void>;
  /** The simulated SOTER device's key pair (generated on first use), to verify its signatures. */
  soterKeyPair(): Promise<CryptoKeyPair>;
  /** Closes every guest it opened, disposes the host, ends every wait. */
  dispose(): void;
}

const DEFAULT_APP: AppIdentity = { appId: 'wx-mock-app', envVersion: 'develop' };
/**
 * Settings whose change must reach decisions the host remembered (granted scopes, privacy
 * agreement): changing them forgets the decisions, so the next call asks again. (openSetting
 * changes decisions the user already made; it forgets nothing.)
 */
const CONSENT_APIS: readonly MockApi[] = ['authorize', 'privacy'];

export function createMockHost(options: MockHostOptions = {}): MockHost {
  guardProduction(options);
  const { dialogs } = options;
  // `ask` is accepted only where there is a dialog to show: set() throws, a stored one is ignored.
  const check = (api: MockApi, setting: MockSetting) => {
    if (setting.preset === 'ask' && isMockAskApi(api)) askDialog(dialogs, api);
  };
  const settings = new MockSettings(options.store ?? new MemoryStore(), options.storeKey ?? MOCK_SETTINGS_KEY, {
    defaults: options.defaults,
    check,
  });
  const waits = new PendingWaits();
  // The user's decisions (scopes, privacy), in memory and cleared when a consent setting changes,
  // so the next call asks again and gets the new answer.
  const decisions = new MemoryStore();
  const setting = async (api: MockApi) => {
    await settings.ready;
    return settings.get(api);
  };
  const biometrics = createMockBiometrics(() => setting('soter'), waits, dialogs);
  const host = createHost(
    mockHostOptions(options.host, {
      store: decisions,
      prompts: createMockPrompts({ setting, waits, dialogs }),
      subscriptions: createMockSubscriptions(),
      biometrics,
    }),
  );
  registerMockHandlers(host, { setting, waits, dialogs });
  const guests = new Set<() => void>();
  const defaultApp = options.app ?? DEFAULT_APP;

  return {
    host,
    settings,
    ready: settings.ready,
    get pendingCount() {
      return waits.size;
    },
    connect: (transport, app) => host.connect(transport, app ?? defaultApp),
    connectGuest(guestOptions = {}, app) {
      const { port1, port2 } = new MessageChannel();
      const connection = host.connect(createPortTransport(port1), app ?? defaultApp);
      const bridge = connectGuestBridge({ transport: createPortTransport(port2), ...guestOptions });
      const close = () => {
        if (!guests.delete(close)) return;
        bridge.dispose();
        connection.dispose('guest closed');
        port1.close();
        port2.close();
      };
      guests.add(close);
      return { bridge, close };
    },
    set(api, input) {
      const saved = settings.set(api, input);
      if (CONSENT_APIS.includes(api)) decisions.clear();
      return saved;
    },
    reset() {
      decisions.clear();
      return settings.reset();
    },
    soterKeyPair: () => biometrics.keyPair(),
    dispose() {
      for (const close of [...guests]) close();
      host.dispose();
      waits.close();
    },
  };
}
