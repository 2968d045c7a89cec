// The superapp page of the browser suite (origin __HOST_ORIGIN__): one cross-origin iframe per
// contender (origin __MINI_ORIGIN__, another site, so each runs in its own renderer process as a
// real mini program does), and each contender's host side answering `login`. The result size is
// `window.__bytes`, set by the driver.
import { createFrameTransport, createHost } from '@wxbridge/host';
import * as comlink from 'comlink';
import { connect, WindowMessenger } from 'penpal';
import { fullResultOf, handlerResultOf } from '../workload.mjs';
import { FRAMES } from './contenders.mjs';

/* global __MINI_ORIGIN__ */
const MINI_ORIGIN = __MINI_ORIGIN__;

window.__bytes = 0;
const frames = {};
for (const name of FRAMES) {
  const frame = document.createElement('iframe');
  frame.src = `${MINI_ORIGIN}/mini.html?c=${encodeURIComponent(name)}`;
  frames[name] = frame;
}

/** Answers a raw request in the form it came (an object, or JSON text). */
function rawReply(data) {
  const request = typeof data === 'string' ? JSON.parse(data) : data;
  const response = { id: request.id, result: fullResultOf(window.__bytes) };
  return typeof data === 'string' ? JSON.stringify(response) : response;
}

// Raw window.postMessage: both checks a real host must make (source and origin), then reply.
window.addEventListener('message', (event) => {
  const raw = frames['raw window.postMessage'];
  if (event.source !== raw.contentWindow || event.origin !== MINI_ORIGIN) return;
  if (event.data?.bench === 'want-port') return;
  raw.contentWindow.postMessage(rawReply(event.data), MINI_ORIGIN);
});

// Raw MessagePort and comlink: a private channel, handed over when the frame asks for it.
function offerPort(name, serve) {
  window.addEventListener('message', (event) => {
    const frame = frames[name];
    if (event.source !== frame.contentWindow || event.origin !== MINI_ORIGIN || event.data?.bench !== 'want-port') return;
    const { port1, port2 } = new MessageChannel();
    serve(port1);
    frame.contentWindow.postMessage({ bench: 'port' }, MINI_ORIGIN, [port2]);
  });
}
offerPort('raw MessagePort', (port) => {
  port.onmessage = ({ data }) => port.postMessage(rawReply(data));
});
offerPort('comlink', (port) => comlink.expose({ login: () => fullResultOf(window.__bytes) }, port));

// wxbridge: the real host, the frame transport (which moves to a private MessagePort after the handshake).
const host = createHost({ name: 'bench-superapp', version: '1.0.0' });
host.handle('login', () => handlerResultOf(window.__bytes));
for (const name of ['wxbridge', 'startup']) {
  // One app for both frames: they share the mini program origin, and the host serves one app per origin.
  host.connect(createFrameTransport({ frame: frames[name], origin: MINI_ORIGIN }), { appId: 'wx-bench' });
}

// penpal: its window messenger (which also moves to a MessagePort after its handshake).
frames.penpal.addEventListener('load', () => {
  connect({
    messenger: new WindowMessenger({ remoteWindow: frames.penpal.contentWindow, allowedOrigins: [MINI_ORIGIN] }),
    methods: { login: () => fullResultOf(window.__bytes) },
  });
});

for (const frame of Object.values(frames)) document.body.appendChild(frame);
