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
host.connect(createFrameTransport({ frame, origin: MINI_ORIGIN }), { appId: 'wx-e2e', envVersion: 'develop' });
w.__host = host;
