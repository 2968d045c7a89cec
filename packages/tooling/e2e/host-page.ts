// The e2e host page: a superapp hosting one mini program iframe from another origin.
import { createFrameTransport, createHost } from '@wxbridge/host';

declare const MINI_ORIGIN: string;
const w = window as unknown as { __host: unknown; __events: string[] };
w.__events = [];
const frame = document.getElementById('mini') as HTMLIFrameElement;
const host = createHost({ name: 'e2e-superapp', version: '1.0.0', prompts: { authorize: ({ scope }) => scope === 'scope.camera' } });
host.handle('login', (_params, ctx) => ({ code: 'browser-' + ctx.app.appId }));
host.on('call', ({ api }) => w.__events.push('call ' + api));
host.on('error', ({ phase }) => w.__events.push('error ' + phase));
host.on('connect', (connection) => w.__events.push('connect ' + connection.app.appId));
host.connect(createFrameTransport({ frame, origin: MINI_ORIGIN }), { appId: 'wx-e2e', envVersion: 'develop' });
// The same mini program page loaded from a lookalike origin (localhost instead of 127.0.0.1, same
// port): the host expects it at MINI_ORIGIN, so its hellos must be refused.
const lookalike = document.getElementById('lookalike') as HTMLIFrameElement;
const lookalikeConnection = host.connect(createFrameTransport({ frame: lookalike, origin: MINI_ORIGIN }), { appId: 'wx-e2e', envVersion: 'develop' });
(w as unknown as { __lookalikeConnected: () => boolean }).__lookalikeConnected = () => lookalikeConnection.connected;
// A second mini program served from the first one's origin: pages of one origin can script each
// other (parent.frames[n].wx), so the host refuses to bind that origin to a second app.
const twin = document.getElementById('twin') as HTMLIFrameElement;
try {
  host.connect(createFrameTransport({ frame: twin, origin: MINI_ORIGIN }), { appId: 'wx-twin' });
} catch (error) {
  w.__events.push('refused ' + (error as Error).message);
}
// A same-origin mini program frame: its window's postMessage can be spied on (see the test).
const spied = document.getElementById('spied') as HTMLIFrameElement;
host.connect(createFrameTransport({ frame: spied, origin: location.origin }), { appId: 'wx-spied' });
w.__host = host;
