/**
 * The demo superapp's page script: the REAL host (@wxbridge/host's createHost, inside the mock
 * host) serving each mini program's cross-origin iframe over createFrameTransport, each origin
 * bound to its own appId. Answers come from the mock's settings; the prompt-driven APIs default
 * to `ask`, which shows this page's own dialogs over the phone of the mini program that asked.
 * The mock panel edits the settings, kept in localStorage. Under `wxbridge dev`, login is the v2
 * standard against the open-platform server, and the inbox shows the messages backends send.
 */
import { SessionService, createFrameTransport, createWebStorageStore, type AppIdentity, type HostOptions } from '@wxbridge/host';
import { MOCK_ASK_APIS, createMockHost, type MockAskApi, type MockHostExtraOptions } from '@wxbridge/mock';
import type { PagePlatform } from '../platform-wire';
import { mountCallLog } from './call-log';
import { registerDeviceBattery } from './device-battery';
import { createDemoDialogs } from './dialogs';
import { byTestId } from './dom';
import { mountInbox } from './inbox-panel';
import { mountMockPanel } from './mock-panel';
import { RemoteStore } from './remote-store';

interface DemoConfig {
  /** Each mini program: its own origin, its page, its identity (host-page-html.ts). */
  apps: Array<{ origin: string; url: string; app: AppIdentity }>;
  /** With `wxbridge dev`'s open-platform server: v2 login over its store, and the inbox. */
  platform?: PagePlatform;
}

/**
 * v2 login (`wx.login` codes the server redeems, `checkSession`, signed user data) with a
 * `SessionService` whose store is wxbridge dev's, reached over this origin: the dev tool's
 * arrangement. A production web superapp runs the `SessionService` on its own backend.
 */
function platformOptions(platform: PagePlatform | undefined): Pick<HostOptions, 'sessions' | 'apiVersion' | 'user'> {
  if (!platform) return {};
  return {
    sessions: new SessionService({ store: new RemoteStore(platform.token), secret: platform.secret }),
    apiVersion: { login: 'v2', checkSession: 'v2' },
    user: () => platform.user,
  };
}

const config = JSON.parse(document.getElementById('demo-config')!.textContent!) as DemoConfig;
const devices = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="device"]'));
const layers = new Map(config.apps.map(({ app }, i) => [app.appId, byTestId('dialog-layer', devices[i])]));
const layerOf = (app: AppIdentity) => {
  const layer = layers.get(app.appId);
  if (!layer) throw new Error(`no phone shows ${app.appId}`);
  return layer;
};

const mock = createMockHost({
  store: createWebStorageStore(localStorage, 'wxbridge-demo:'),
  dialogs: createDemoDialogs(layerOf),
  defaults: Object.fromEntries(MOCK_ASK_APIS.map((api) => [api, 'ask'])) as Record<MockAskApi, 'ask'>,
  host: { name: 'wxbridge-demo-superapp', version: '0.1.0', ...platformOptions(config.platform) } satisfies MockHostExtraOptions,
});
registerDeviceBattery(mock.host);
if (config.platform) mountInbox(byTestId('inbox'), config.platform);
mountMockPanel(byTestId('mock-panel'), mock, config.platform ? { v2LoginServer: config.platform.server } : {});
mountCallLog(byTestId('call-log'), mock.host, { showApp: config.apps.length > 1 });

config.apps.forEach(({ origin, url, app }, i) => {
  const frame = byTestId<HTMLIFrameElement>('mini-program-frame', devices[i]);
  // Listen first, then load the mini program: its first hello finds the host ready.
  mock.connect(createFrameTransport({ frame, origin }), app);
  frame.src = url;
  byTestId('reload-mini-program', devices[i]).addEventListener('click', () => {
    frame.src = url;
  });
});

// For the developer's console: `wxbridgeDemo.mock.set('login', 'error')`.
Object.defineProperty(window, 'wxbridgeDemo', { value: Object.freeze({ mock }) });
