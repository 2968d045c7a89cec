/**
 * The demo superapp's page script: the REAL host (@wxbridge/host's createHost, inside the mock
 * host) serving the mini program's cross-origin iframe over createFrameTransport. Answers come
 * from the mock's settings; the prompt-driven APIs default to `ask`, which shows this page's
 * own dialogs. The mock panel edits the settings, kept in localStorage.
 */
import { createFrameTransport, createWebStorageStore, type AppIdentity } from '@wxbridge/host';
import { MOCK_ASK_APIS, createMockHost, type MockAskApi } from '@wxbridge/mock';
import { mountCallLog } from './call-log';
import { registerDeviceBattery } from './device-battery';
import { createDemoDialogs } from './dialogs';
import { byTestId } from './dom';
import { mountMockPanel } from './mock-panel';

interface DemoConfig {
  miniOrigin: string;
  miniUrl: string;
  app: AppIdentity;
}

const config = JSON.parse(document.getElementById('demo-config')!.textContent!) as DemoConfig;
const frame = byTestId<HTMLIFrameElement>('mini-program-frame');

const mock = createMockHost({
  store: createWebStorageStore(localStorage, 'wxbridge-demo:'),
  dialogs: createDemoDialogs(byTestId('dialog-layer')),
  defaults: Object.fromEntries(MOCK_ASK_APIS.map((api) => [api, 'ask'])) as Record<MockAskApi, 'ask'>,
  host: { name: 'wxbridge-demo-superapp', version: '0.1.0' },
});
registerDeviceBattery(mock.host);
mountMockPanel(byTestId('mock-panel'), mock);
mountCallLog(byTestId('call-log'), mock.host);

// Listen first, then load the mini program: its first hello finds the host ready.
mock.connect(createFrameTransport({ frame, origin: config.miniOrigin }), config.app);
frame.src = config.miniUrl;
byTestId('reload-mini-program').addEventListener('click', () => {
  frame.src = config.miniUrl;
});

// For the developer's console: `wxbridgeDemo.mock.set('login', 'error')`.
Object.defineProperty(window, 'wxbridgeDemo', { value: Object.freeze({ mock }) });
