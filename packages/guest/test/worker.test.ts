// The MessagePort transport across a real thread: the guest runs in a worker_threads Worker.
import { MessageChannel, Worker } from 'node:worker_threads';
import { createHost, createPortTransport, type Endpoint } from '@wxbridge/host';
import { bundleForNode } from '../../tooling/test-support/browser-bundle';
import { onCleanup } from '../../tooling/test-support/pair';

const guestInWorker = `
  import { parentPort, workerData } from 'node:worker_threads';
  import { connectGuest, createPortTransport } from '@wxbridge/guest';
  const { wx } = connectGuest({ transport: createPortTransport(workerData.port), tapTarget: null });
  const login = await wx.login();
  const denied = await wx.getAuthCode({ scopes: ['camera'] }).catch((e) => e);
  const account = wx.getAccountInfoSync();
  parentPort.postMessage({ report: { login, denied, account, canIUse: wx.canIUse('getAuthCode') } });
`;

test('a guest in a worker thread talks to a host in the main thread', async () => {
  const code = bundleForNode({ code: guestInWorker }, 'esm');
  // A worker_threads MessageChannel: one port stays here, the other is transferred to the worker.
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('data:text/javascript,' + encodeURIComponent(code)), {
    workerData: { port: port2 },
    transferList: [port2],
  });
  onCleanup(() => (port1.close(), void worker.terminate()));

  const host = createHost({ name: 'main-thread' });
  host.handle('login', (_p, ctx) => ({ code: 'thread-' + ctx.app.appId }));
  const { wxFail } = await import('@wxbridge/host');
  host.handle('getAuthCode', () => wxFail('auth deny', { errno: 103 }));
  host.connect(createPortTransport(port1 as unknown as Endpoint), { appId: 'wx-worker' });
  onCleanup(() => host.dispose());

  const report = await new Promise((resolve, reject) => {
    worker.on('message', (message: { report?: unknown }) => message.report && resolve(message.report));
    worker.on('error', reject);
  });
  expect(report).toEqual({
    login: { code: 'thread-wx-worker', errMsg: 'login:ok' },
    denied: { errMsg: 'getAuthCode:fail auth deny', errno: 103 },
    account: { miniProgram: { appId: 'wx-worker', envVersion: 'release', version: '' } },
    canIUse: true,
  });
});
